package main

// The reading half of src/lib/actionresult.ts: the first output an /ac/ entry (a Bazel ActionResult) names.

type pbField struct {
	num, wire int
	varint    uint64
	bytes     []byte
}

// pbFields splits one protobuf message into its fields; ok is false when the bytes are not well formed.
func pbFields(b []byte) (out []pbField, ok bool) {
	i := 0
	readVarint := func() (uint64, bool) {
		var v uint64
		for shift := uint(0); shift < 70; shift += 7 {
			if i >= len(b) {
				return 0, false
			}
			x := b[i]
			i++
			if shift < 64 {
				v |= uint64(x&0x7f) << shift
			}
			if x&0x80 == 0 {
				return v, true
			}
		}
		return 0, false
	}
	for i < len(b) {
		key, ok := readVarint()
		if !ok {
			return nil, false
		}
		f := pbField{num: int(key >> 3), wire: int(key & 7)}
		switch f.wire {
		case 0:
			v, ok := readVarint()
			if !ok {
				return nil, false
			}
			f.varint = v
		case 2:
			n, ok := readVarint()
			if !ok || n > uint64(len(b)-i) {
				return nil, false
			}
			f.bytes = b[i : i+int(n)]
			i += int(n)
		case 1, 5:
			n := 8
			if f.wire == 5 {
				n = 4
			}
			if i+n > len(b) {
				return nil, false
			}
			i += n
		default:
			return nil, false
		}
		out = append(out, f)
	}
	return out, true
}

func findField(fs []pbField, num, wire int) *pbField {
	for i := range fs {
		if fs[i].num == num && fs[i].wire == wire {
			return &fs[i]
		}
	}
	return nil
}

// decodeActionResult: ActionResult{output_files(2): OutputFile{digest(2): Digest{hash(1), size_bytes(2)}}}.
func decodeActionResult(b []byte) (hash string, size int64, ok bool) {
	top, ok := pbFields(b)
	file := findField(top, 2, 2)
	if !ok || file == nil {
		return "", 0, false
	}
	ff, ok := pbFields(file.bytes)
	d := findField(ff, 2, 2)
	if !ok || d == nil {
		return "", 0, false
	}
	df, ok := pbFields(d.bytes)
	h := findField(df, 1, 2)
	if !ok || h == nil || len(h.bytes) != 64 {
		return "", 0, false
	}
	for _, c := range h.bytes {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return "", 0, false
		}
	}
	if s := findField(df, 2, 0); s != nil {
		if s.varint > 1<<53-1 {
			return "", 0, false
		}
		size = int64(s.varint)
	}
	return string(h.bytes), size, true
}
