module gocmd.invalid/spawner

go 1.22
