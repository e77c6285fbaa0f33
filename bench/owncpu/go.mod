module gocmd.local/bench/owncpu

go 1.22
