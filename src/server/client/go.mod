module gocmd.invalid/client

go 1.22
