//go:build ignore

// Prints golden outputs of text/template for template_test: go run golden.go > golden.json
package main

import (
	"encoding/json"
	"os"
	"strings"
	"text/template"
)

type Module struct {
	Path    string
	Version string
}

func (m *Module) String() string { return m.Path + " " + m.Version }

type PackagePublic struct {
	Dir        string
	ImportPath string
	Name       string
	Goroot     bool
	GoFiles    []string
	Imports    []string
	ImportMap  map[string]string
	Module     *Module
	Error      *Module
	Count      int
}

var cases = []string{
	`{{.ImportPath}}`,
	`{{.Name}} {{.Goroot}} {{.Count}}`,
	`{{.GoFiles}}`,
	`{{.Imports}}`,
	`{{.ImportMap}}`,
	`{{join .GoFiles ","}}`,
	`{{join .Imports "\n"}}`,
	`{{len .GoFiles}} {{len .Name}} {{len .ImportMap}}`,
	`{{index .GoFiles 1}}`,
	`{{index .GoFiles 5}}`,
	`{{index .ImportMap "a"}}|{{index .ImportMap "zz"}}`,
	`{{slice .Name 1 3}} {{slice .GoFiles 1}}`,
	`{{range .GoFiles}}[{{.}}]{{end}}`,
	`{{range $i, $f := .GoFiles}}{{$i}}={{$f}} {{end}}`,
	`{{range .Imports}}x{{else}}none{{end}}`,
	`{{range $k, $v := .ImportMap}}{{$k}}->{{$v}};{{end}}`,
	`{{range 3}}{{.}}{{end}}`,
	`{{range .GoFiles}}{{if eq . "b.go"}}{{break}}{{end}}{{.}} {{end}}`,
	`{{range .GoFiles}}{{if eq . "b.go"}}{{continue}}{{end}}{{.}} {{end}}`,
	`{{if .Goroot}}yes{{else}}no{{end}}`,
	`{{if .Imports}}yes{{else if .GoFiles}}files{{else}}no{{end}}`,
	`{{with .Module}}{{.Path}}@{{.Version}}{{end}}`,
	`{{with .Error}}err{{else}}noerr{{end}}`,
	`{{.Module}}`,
	`{{.Error}}`,
	`{{.Module.Path}}`,
	`{{.Error.Path}}`,
	`{{.Foo}}`,
	`{{.Name.Foo}}`,
	`{{and .Name .Goroot}}|{{or .Goroot .Name}}|{{not .Goroot}}|{{and 1 0 2}}|{{or 0 "" 3}}`,
	`{{printf "%s-%d-%v-%q-%x-%t" .Name .Count .GoFiles .Name .Count .Goroot}}`,
	`{{printf "%5s|%-5s|%05d|%x|%X|%o|%b|%c|%U" "ab" "cd" 42 "hi" 255 8 5 65 65}}`,
	`{{printf "%+v" .Module}}`,
	`{{printf "%v" .}}`,
	`{{printf "%d %s" "x" 3}}`,
	`{{printf "%d"}}|{{printf "x" 1 "a"}}`,
	`{{printf "%6.2f|%e|%g|%v" 3.14159 1234.5678 0.000012 1.5}}`,
	`{{print "a" "b" 1 2 "c"}}`,
	`{{println "a" 1 true}}`,
	`{{html "<a href='x'>&\""}}`,
	`{{js "it's <b>\n"}}`,
	`{{urlquery "a b&c=d/é"}}`,
	`{{eq .Name "fmt"}} {{ne .Count 3}} {{lt 1 2}} {{le 2 2}} {{gt "b" "a"}} {{ge 1 2}} {{eq 1 2 3 1}}`,
	`{{eq .Name 1}}`,
	`{{lt .GoFiles 1}}`,
	`{{$x := .Name}}{{$x}}{{$x = "y"}}{{$x}}`,
	`{{- " a " -}}  {{- .Name -}}  x`,
	"a\n  {{- .Name}}\n  {{.Count -}}\n b",
	`{{/* comment */}}c{{- /* c2 */ -}} d`,
	`{{.Name | printf "%s!"}}`,
	`{{.GoFiles | len}}`,
	`{{(index .GoFiles 0) | printf "<%s>"}}`,
	`{{(.Module).Path}}`,
	`{{define "T"}}[{{.}}]{{end}}{{template "T" .Name}}`,
	`{{block "B" .Count}}<{{.}}>{{end}}`,
	`{{nosuch}}`,
	`{{.Name`,
	`{{end}}`,
	`{{if .Name}}x`,
	`{{$y}}`,
	`{{.Name 3}}`,
	`{{join .Name ","}}`,
	`{{join .GoFiles}}`,
	`{{len 3}}`,
	`{{3}} {{1.5}} {{0x10}} {{'a'}} {{1e3}} {{-7}} {{true}} {{"s"}}`,
	`{{.}}`,
	`{{.ImportMap.a}} {{.ImportMap.zz}}`,
	`{{range .Name}}x{{end}}`,
	`{{nil}}`,
	`{{printf "%v %v" 1000000.0 123456.0}}`,
	`{{index .ImportMap}}`,
	`{{"a" | eq "a"}}`,
}

func main() {
	data := &PackagePublic{
		Dir: "/src/fmt", ImportPath: "fmt", Name: "fmt", Goroot: true,
		GoFiles:   []string{"a.go", "b.go", "c.go"},
		ImportMap: map[string]string{"b": "vendor/b", "a": "vendor/a"},
		Module:    &Module{Path: "example.com/m", Version: "v1.2.3"},
		Count:     3,
	}
	type result struct {
		Tmpl string
		Out  string
		Err  string `json:",omitempty"`
	}
	var res []result
	for _, c := range cases {
		r := result{Tmpl: c}
		t, err := template.New("main").Funcs(template.FuncMap{"join": strings.Join}).Parse(c)
		if err != nil {
			r.Err = err.Error()
		} else {
			var b strings.Builder
			if err := t.Execute(&b, data); err != nil {
				r.Err = err.Error()
			}
			r.Out = b.String()
		}
		res = append(res, r)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	enc.Encode(res)
}
