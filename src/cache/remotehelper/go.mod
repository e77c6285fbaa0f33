module gocmd.invalid/remotehelper

go 1.22
