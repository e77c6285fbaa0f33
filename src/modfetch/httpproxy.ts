// Which HTTP proxy a request uses: HTTP_PROXY/HTTPS_PROXY/NO_PROXY as go's http.ProxyFromEnvironment reads them.
import { isIP } from 'node:net';

type Env = Readonly<Record<string, string | undefined>>;

export interface ProxyEnv {
  httpProxy: string;
  httpsProxy: string;
  noProxy: string;
  /** Running as a CGI script (REQUEST_METHOD set): HTTP_PROXY is ignored, as in go. */
  cgi: boolean;
}

/** The proxy settings from the environment (upper case wins over lower case, as in go). */
export function proxyEnv(env: Env): ProxyEnv {
  const get = (a: string, b: string): string => env[a] || env[b] || '';
  return {
    httpProxy: get('HTTP_PROXY', 'http_proxy'),
    httpsProxy: get('HTTPS_PROXY', 'https_proxy'),
    noProxy: get('NO_PROXY', 'no_proxy'),
    cgi: (env.REQUEST_METHOD ?? '') !== '',
  };
}

/** Parses a proxy setting ("host:port" means http://host:port); undefined for "". */
export function parseProxyURL(s: string): URL {
  try {
    const u = new URL(s);
    if (['http:', 'https:', 'socks5:', 'socks5h:'].includes(u.protocol)) return u;
  } catch {
    // fall through to the implicit scheme
  }
  try {
    return new URL('http://' + s);
  } catch {
    throw new Error(`invalid proxy address ${JSON.stringify(s)}`);
  }
}

function ipv4ToInt(s: string): number {
  return s.split('.').reduce((n, p) => n * 256 + Number(p), 0);
}

/** Whether ip falls in the CIDR block (IPv4 only; IPv6 blocks compare by exact prefix text). */
function inCIDR(ip: string, cidr: string): boolean {
  const [net, bitsS] = cidr.split('/');
  const bits = Number(bitsS);
  if (isIP(ip) === 4 && isIP(net!) === 4 && bits >= 0 && bits <= 32) {
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    return ((ipv4ToInt(ip) & mask) >>> 0) === ((ipv4ToInt(net!) & mask) >>> 0);
  }
  return false;
}

function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1';
  return false;
}

/** Whether a request to host:port (port "" for the default) bypasses the proxy per NO_PROXY. */
export function noProxyMatches(noProxy: string, host: string, port: string): boolean {
  host = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (isLoopback(host)) return true;
  for (let p of noProxy.split(',')) {
    p = p.trim().toLowerCase();
    if (p === '') continue;
    if (p === '*') return true;
    if (p.includes('/') && isIP(host)) {
      if (inCIDR(host, p)) return true;
      continue;
    }
    let phost = p;
    let pport = '';
    const m = /^(.*):(\d+)$/.exec(p);
    if (m && !isIP(p)) [phost, pport] = [m[1]!, m[2]!];
    phost = phost.replace(/^\[|\]$/g, '');
    if (isIP(phost)) {
      if (phost === host && (pport === '' || pport === port)) return true;
      continue;
    }
    if (phost.startsWith('*.')) phost = phost.slice(1);
    let matchHost = false;
    if (!phost.startsWith('.')) {
      matchHost = true;
      phost = '.' + phost;
    }
    if (host.endsWith(phost) || (matchHost && host === phost.slice(1))) {
      if (pport === '' || pport === port) return true;
    }
  }
  return false;
}

/** The proxy URL for target, or undefined for a direct connection. */
export function proxyFor(pe: ProxyEnv, target: URL): URL | undefined {
  let setting = '';
  if (target.protocol === 'https:') setting = pe.httpsProxy;
  else if (target.protocol === 'http:' && !pe.cgi) setting = pe.httpProxy;
  if (setting === '') return undefined;
  if (noProxyMatches(pe.noProxy, target.hostname, target.port)) return undefined;
  return parseProxyURL(setting);
}
