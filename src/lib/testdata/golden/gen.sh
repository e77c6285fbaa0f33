#!/bin/sh
# Regenerates xmod.json with the real Go toolchain, using the copy of golang.org/x/mod
# vendored in $GOROOT (no network needed). Usage: sh gen.sh [path/to/go]
set -e
GO=${1:-go}
here=$(cd "$(dirname "$0")" && pwd)
goroot=$("$GO" env GOROOT)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/xmod" "$tmp/gen"
cp -r "$goroot/src/cmd/vendor/golang.org/x/mod/semver" "$goroot/src/cmd/vendor/golang.org/x/mod/module" "$tmp/xmod/"
mkdir -p "$tmp/xmod/internal"
cp -r "$goroot/src/cmd/vendor/golang.org/x/mod/internal/lazyregexp" "$tmp/xmod/internal/"
printf 'module golang.org/x/mod\n\ngo 1.24\n' > "$tmp/xmod/go.mod"
printf 'module gen\n\ngo 1.24\n\nrequire golang.org/x/mod v0.0.0\n\nreplace golang.org/x/mod => %s\n' "$tmp/xmod" > "$tmp/gen/go.mod"
cp "$here/gen.go" "$tmp/gen/main.go"
sed -i '1,2{/^\/\/go:build ignore$/d}' "$tmp/gen/main.go"
(cd "$tmp/gen" && GOFLAGS=-mod=mod GOPROXY=off GOWORK=off "$GO" run . > "$here/xmod.json")
