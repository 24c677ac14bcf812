package event_test

import (
	"bytes"
	"testing"

	"github.com/shizhong/hotline/shared/event"
)

var benchLine = []byte(`{"id":"SZ2610000123-1","type":"assigned","at":"2026-10-09T10:15:00+08:00","ticket_id":"SZ2610000123","unit_id":"wenhualu","due_at":"2026-10-14T18:00:00+08:00","channel":"hotline_12345","category":"城市管理"}`)

// BenchmarkDecode decodes and validates one typical event.
func BenchmarkDecode(b *testing.B) {
	var d event.Decoder
	b.SetBytes(int64(len(benchLine)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := d.Decode(benchLine); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadLines reads 100,000 lines of JSON Lines on every CPU,
// with the key and content hash of each event.
func BenchmarkReadLines(b *testing.B) {
	const n = 100000
	data := bytes.Repeat(append(append([]byte(nil), benchLine...), '\n'), n)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		count := 0
		err := event.ReadLines(bytes.NewReader(data), "bench", 0, func(batch event.Batch) error {
			count += len(batch.Events)
			return nil
		})
		if err != nil || count != n {
			b.Fatalf("read %d events: %v", count, err)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
}
