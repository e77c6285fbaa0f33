// Certificates a user adds to the trusted roots: SSL_CERT_FILE and SSL_CERT_DIR (which go reads on Unix) and
// NODE_EXTRA_CA_CERTS (node's variable; bin/gocmd keeps node from loading it at start-up, so it is read here).
// Both of gocmd's HTTPS clients (module downloads, the remote build cache) add these to their usual roots.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

type Env = Readonly<Record<string, string | undefined>>;

/** The PEM certificates those variables name, in order; unreadable files are skipped, as go skips them. */
export function extraCertificates(env: Env): string[] {
  const pems: string[] = [];
  for (const file of [env.SSL_CERT_FILE, env.NODE_EXTRA_CA_CERTS]) {
    if (!file) continue;
    try {
      pems.push(readFileSync(file, 'utf8'));
    } catch {
      // skipped, as go does
    }
  }
  for (const dir of (env.SSL_CERT_DIR ?? '').split(':').filter((d) => d !== '')) {
    let names: string[] = [];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const n of names) {
      try {
        pems.push(readFileSync(join(dir, n), 'utf8'));
      } catch {
        // skipped
      }
    }
  }
  return pems.flatMap((p) => p.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? []);
}
