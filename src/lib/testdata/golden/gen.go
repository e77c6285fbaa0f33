//go:build ignore

// Generates xmod.json: inputs and the results real Go gives for them (golang.org/x/mod's
// semver and module packages, go/version for Go versions, path.Match), so that the
// TypeScript libraries can be checked against Go. Run gen.sh.
package main

import (
	"encoding/json"
	"fmt"
	"go/version"
	"math/rand/v2"
	"os"
	"path"
	"slices"
	"strings"
	"time"

	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"
)

var rng = rand.New(rand.NewPCG(1, 2))

func pick[T any](xs []T) T { return xs[rng.IntN(len(xs))] }

func randString(alphabet []string, maxLen int) string {
	n := rng.IntN(maxLen + 1)
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(pick(alphabet))
	}
	return b.String()
}

func errStr(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func num() string {
	return pick([]string{"0", "1", "2", "3", "9", "10", "11", "99", "100", "01", "123456789012345678901234567890"})
}

func ident() string {
	return pick([]string{"alpha", "beta", "rc", "0", "1", "2", "11", "01", "x-y", "a1", "1a", "", "pre", "Z", "-"})
}

func versions() []string {
	vs := []string{
		"", "v", "bad", "1.2.3", "v1", "v1.2", "v1.2.3", "v1.0.0", "v0.0.0", "v2.0.0+incompatible",
		"v1-pre", "v1+meta", "v1.2-pre", "v1.2+meta", "v1.2.3-pre", "v1.2.3-pre+meta", "v1.2.3+meta",
		"v1.2.3+meta-pre.sha.256a", "v1.0.0-alpha", "v1.0.0-alpha.1", "v1.0.0-alpha.beta", "v1.0.0-beta",
		"v1.0.0-beta.2", "v1.0.0-beta.11", "v1.0.0-rc.1", "v1.2.3-456", "v1.2.3-456.789", "v1.2.3-456-789",
		"v1.2.3-456a", "v1.2.3-zzz", "v01.2.3", "v1.02.3", "v1.2.03", "v1.2.3-01", "v1.2.3-0", "v1.2.3-",
		"v1.2.3+", "v1.2.3-a..b", "v1.2.3+a..b", "v1.2.3.4", "V1.2.3", "v1.2.3-0.20191109021931-daa7c04131f5",
		"v0.0.0-20191109021931-daa7c04131f5", "v1.2.4-0.20191109021931-daa7c04131f5+incompatible",
		"v1.2.3-pre.0.20191109021931-daa7c04131f5", "v2.0.0-20191109021931-daa7c04131f5",
		"v0.0.0-00010101000000-000000000000", "v2.0.0-00010101000000-000000000000",
		"v1.0.0-20191109021931-daa7c04131f5", "v0.0.0-2019110902193-daa7c04131f5",
		"v0.0.0-20191309021931-daa7c04131f5", "v0.0.0-20190229021931-daa7c04131f5", "v0.0.0-20200229235960-abc",
		"v0.0.0-20200229235959-abc", "v1.2.3-0.20191109021931-daa7c04131f5+meta", "v0.0.0-20191109021931-daa7c04131f5+incompatible",
		"v1.2.0-0.20191109021931-daa7c04131f5", "v1.0.0-0.20191109021931-daa7c04131f5", "v0.0.0-0.20191109021931-daa7c04131f5",
		"v1.2.3-rc.0.20191109021931-x", "v1.2.3-rc.1.0.20191109021931-x", "v0.0.0-20191109021931-", "v0.0.0--daa7c04131f5",
	}
	alpha := []string{"v", "0", "1", "2", "9", ".", "-", "+", "a", "Z", "x", "0", "1", "."}
	for i := 0; i < 500; i++ {
		vs = append(vs, "v"+randString(alpha, 10))
	}
	for i := 0; i < 900; i++ {
		v := "v" + num()
		if rng.IntN(6) > 0 {
			v += "." + num()
			if rng.IntN(6) > 0 {
				v += "." + num()
			}
		}
		if rng.IntN(2) == 0 {
			v += "-" + ident()
			for rng.IntN(2) == 0 {
				v += "." + ident()
			}
		}
		if rng.IntN(4) == 0 {
			v += "+" + pick([]string{"incompatible", "meta", "a.b", "", "x-1", "..", "0"})
		}
		vs = append(vs, v)
	}
	return vs
}

func goVersions() []string {
	vs := []string{"", "x", "1", "1.0", "1.1", "1.2", "1.2.3", "1.2rc3", "1.19", "1.19.0", "1.19rc1", "1.20", "1.20.0",
		"1.20rc1", "1.21", "1.21.0", "1.21rc1", "1.21rc2", "1.21.1", "1.999testmod", "1.600+auto", "1.99999999999999998",
		"1.99999999999999999", "2", "2.0", "2.0.0", "01.2", "1.02", "1.2.03", "1.21beta1", "1.21alpha3", "1.21RC1", "1.21.rc1",
		"1.21rc", "1.21rc01", "1..2", "1.", ".1", "1.21.0.0", "go1.21", "v1.21", "1.22", "1.26.8", "1.3", "0", "0.1"}
	alpha := []string{"1", "2", "0", "9", ".", "r", "c", "a", "b", "e", "t", "1", "."}
	for i := 0; i < 400; i++ {
		vs = append(vs, randString(alpha, 8))
	}
	for i := 0; i < 400; i++ {
		v := pick([]string{"1", "2", "0", "10"})
		if rng.IntN(8) > 0 {
			v += "." + pick([]string{"0", "1", "2", "9", "19", "20", "21", "22", "100", "02"})
			switch rng.IntN(3) {
			case 0:
				v += "." + pick([]string{"0", "1", "2", "10", "01"})
			case 1:
				v += pick([]string{"rc", "beta", "alpha", "x", ""}) + pick([]string{"1", "2", "10", "", "0", "01"})
			}
		}
		vs = append(vs, v)
	}
	return vs
}

func paths() []string {
	ps := []string{
		"", "/", "a", "a/", "/a", "a//b", "a/b", "example.com", "example.com/", "example.com/x", "Example.com/x", "exa_mple.com/x",
		"-example.com/x", "example.com/-x", "example.com/.x", "example.com/x.", "example.com/x..y", "example.com/..", "example.com/.",
		"example.com/x/v1", "example.com/x/v2", "example.com/x/v0", "example.com/x/v02", "example.com/x/v2.1", "example.com/x/v10",
		"example.com/v2", "example.com/x/V2", "gopkg.in/yaml.v2", "gopkg.in/yaml.v0", "gopkg.in/yaml.v1", "gopkg.in/yaml.v01",
		"gopkg.in/yaml", "gopkg.in/yaml.v2-unstable", "gopkg.in/yaml.v0-unstable", "gopkg.in/user/pkg.v3", "gopkg.in/v2",
		"github.com/Azure/azure-sdk-for-go", "github.com/GoogleCloudPlatform/cloudsql-proxy", "github.com/Sirupsen/logrus",
		"example.com/con", "example.com/CON.txt", "example.com/com1/x", "example.com/LPT9.a.b", "example.com/coma", "example.com/aux~1",
		"example.com/PROGRA~1", "example.com/x~", "example.com/x~y", "example.com/x~1.go", "example.com/a b", "example.com/a+b",
		"example.com/a@b", "example.com/a:b", "example.com/a!b", "example.com/é", "example.com/x\x00", "exam\u00e9ple.com/x",
		"example.com/a\\b", "example.com/a%20b", "example.com/a'b", "example.com/a\"b", "example.com/a*b", "example.com/a?b",
		"example.com/a<b", "example.com/a`b", "example.com/a|b", "example.com/a#b", "example.com/a$b", "example.com/(x)",
		"example.com/[x]", "example.com/{x}", "example.com/a,b", "example.com/a=b", "example.com/a^b", "example.com/a&b",
		"example.com/a\tb", "example.com/\u00c9t\u00e9", "example.com/\u0301", "example.com/\u4e16\u754c", "example.com/\u200b",
		"localhost", "localhost/x", "a.b/c", "x.y/-z", "-x.y", "x.Y/z", "x-.y/z", ".x.y/z", "x.y./z", "c++/x", "example.com/c++",
		"std/x", "fmt", "net/http", "cmd/go", "example.com/x/v2/", "example.com/x/v2/y", "example.com/x/vv2", "example.com/v",
		"...", "a/.../b", "example.com/~", "example.com/_", "example.com/-", "x/v2", "example.com/x/v1.0", "example.com/x/v2.",
	}
	alpha := []string{"a", "b", ".", "/", "-", "_", "~", "+", "A", "é", "1", "v", "2", " ", "@", ":", "!", ".", "/", "c", "o", "n", "x"}
	for i := 0; i < 300; i++ {
		ps = append(ps, randString(alpha, 12))
	}
	for i := 0; i < 150; i++ {
		ps = append(ps, "example.com/"+randString(alpha, 10))
	}
	return ps
}

func main() {
	out := map[string]any{}

	vs := versions()
	var sv [][]any
	for _, v := range vs {
		sv = append(sv, []any{v, semver.IsValid(v), semver.Canonical(v), semver.Major(v), semver.MajorMinor(v),
			semver.Prerelease(v), semver.Build(v), module.CanonicalVersion(v), module.IsPseudoVersion(v)})
	}
	out["semver"] = sv

	var cmps [][]any
	for i := 0; i < 2500; i++ {
		a, b := pick(vs), pick(vs)
		if i < 1000 {
			// Pairs of valid versions are the interesting ones.
			for !semver.IsValid(a) {
				a = pick(vs)
			}
			for !semver.IsValid(b) {
				b = pick(vs)
			}
		}
		cmps = append(cmps, []any{a, b, semver.Compare(a, b), semver.Max(a, b)})
	}
	out["semverCompare"] = cmps

	sorted := slices.Clone(vs[:300])
	semver.Sort(sorted)
	out["semverSort"] = []any{vs[:300], sorted}

	// Pseudo-versions.
	var pv [][]any
	times := []time.Time{
		time.Date(2019, 11, 9, 2, 19, 31, 0, time.UTC),
		time.Date(2000, 2, 29, 23, 59, 59, 0, time.UTC),
		time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2024, 12, 31, 12, 0, 0, 0, time.FixedZone("X", 5*3600)),
	}
	for i := 0; i < 600; i++ {
		major := pick([]string{"", "v0", "v1", "v2", "v3"})
		older := pick(vs)
		if rng.IntN(5) == 0 {
			older = ""
		}
		t := pick(times)
		rev := pick([]string{"daa7c04131f5", "000000000000", "abcdef", "0123456789ab"})
		p := module.PseudoVersion(major, older, t, rev)
		pv = append(pv, []any{major, older, t.Unix(), rev, p})
	}
	out["pseudoVersion"] = pv

	var pinfo [][]any
	var cands []string
	for i, v := range vs {
		if i < 150 || strings.Count(v, "-") >= 2 {
			cands = append(cands, v)
		}
	}
	for _, p := range pv {
		cands = append(cands, p[4].(string))
	}
	for _, v := range cands {
		base, berr := module.PseudoVersionBase(v)
		t, terr := module.PseudoVersionTime(v)
		rev, rerr := module.PseudoVersionRev(v)
		var tu any
		if terr == nil {
			tu = t.Unix()
		}
		pinfo = append(pinfo, []any{v, module.IsPseudoVersion(v), module.IsZeroPseudoVersion(v), base, errStr(berr), tu, errStr(terr), rev, errStr(rerr)})
	}
	out["pseudoInfo"] = pinfo

	// Paths.
	ps := paths()
	var pchk [][]any
	for _, p := range ps {
		prefix, major, ok := module.SplitPathVersion(p)
		esc, eerr := module.EscapePath(p)
		unesc, uerr := module.UnescapePath(p)
		escv, everr := module.EscapeVersion(p)
		unescv, uverr := module.UnescapeVersion(p)
		pchk = append(pchk, []any{p, errStr(module.CheckPath(p)), errStr(module.CheckImportPath(p)), errStr(module.CheckFilePath(p)),
			prefix, major, ok, esc, errStr(eerr), unesc, errStr(uerr), escv, errStr(everr), unescv, errStr(uverr)})
	}
	out["paths"] = pchk

	var pm [][]any
	majors := []string{"", "/v2", "/v3", ".v0", ".v1", ".v2", ".v1-unstable", "v2"}
	for i := 0; i < 800; i++ {
		v := pick(vs)
		m := pick(majors)
		pm = append(pm, []any{v, m, errStr(module.CheckPathMajor(v, m))})
	}
	out["pathMajor"] = pm

	var chk [][]any
	for i := 0; i < 400; i++ {
		p := pick([]string{"example.com/x", "example.com/x/v2", "gopkg.in/yaml.v2", "gopkg.in/yaml.v1", "Example.com/x", "example.com/x/v1"})
		v := pick(vs)
		chk = append(chk, []any{p, v, errStr(module.Check(p, v))})
	}
	out["check"] = chk

	// Glob lists.
	globs := []string{"*.corp.example.com", "rsc.io/private", "*.example.com,example.org/x", "example.com/*/y", "",
		",", "example.com/", "example.com/[a-c]*", "example.com/[", "example.com/\\", "*", "*/*", "example.com/x?", "ex*le.com",
		"example.com/[^a]", "example.com/[a-]", "example.com/\\*", "example.com/x/y/z", "bad[,example.com"}
	targets := []string{"example.com", "example.com/x", "example.com/x/y", "example.com/b/y", "git.corp.example.com/x",
		"corp.example.com", "rsc.io/private/x", "rsc.io/privatex", "example.org/x/y", "example.com/*", "example.com/xy",
		"example.com/b", "exle.com/x", "example.com/x/y/z/w"}
	var mp [][]any
	for _, g := range globs {
		for _, t := range targets {
			mp = append(mp, []any{g, t, module.MatchPrefixPatterns(g, t)})
		}
	}
	out["matchPrefix"] = mp

	// path.Match directly.
	pats := []string{"abc", "*", "*c", "a*", "a*/b", "a*b*c*d*e*/f", "ab[c]", "ab[b-d]", "ab[e-g]", "ab[^c]", "ab[^b-d]",
		"ab[^e-g]", "a\\*b", "a?b", "a[^a]b", "a???b", "[a-ζ]*", "*[a-ζ]", "a?b", "a*b", "[\\]a]", "[\\-]", "[x\\-]",
		"[\\-x]", "[]a]", "[-]", "[x-]", "[-x]", "\\", "[a-b-c]", "[", "[^", "[^bc", "a[", "a/", "a*", "*x", "a\\", "[a-", "[\\", "*x*y"}
	names := []string{"abc", "a", "a/b", "abxbbxdbxebxczzx/f", "abxbbxdbxebxczzy/f", "abc/b", "a*b", "a/b/c", "axb", "ab/c",
		"a☺b", "ζ", "]", "-", "x", "xxx", "", "a/c", "xyz", "a]", "b"}
	var pmt [][]any
	for _, p := range pats {
		for _, n := range names {
			ok, err := path.Match(p, n)
			pmt = append(pmt, []any{p, n, ok, errStr(err)})
		}
	}
	out["pathMatch"] = pmt

	// Go versions (through go/version, which adds and strips a "go" prefix).
	gvs := goVersions()
	var gv [][]any
	for _, v := range gvs {
		gv = append(gv, []any{v, version.IsValid("go" + v), strings.TrimPrefix(version.Lang("go"+v), "go")})
	}
	out["gover"] = gv
	var gc [][]any
	for i := 0; i < 2000; i++ {
		a, b := pick(gvs), pick(gvs)
		gc = append(gc, []any{a, b, version.Compare("go"+a, "go"+b)})
	}
	out["goverCompare"] = gc

	enc := json.NewEncoder(os.Stdout)
	if err := enc.Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
