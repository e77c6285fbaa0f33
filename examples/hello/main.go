// Command hello is the quick-start example: gocmd builds and runs it.
package main

import "fmt"

func main() {
	fmt.Println("hello from a program built by gocmd")
}
