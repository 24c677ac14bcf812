package main

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/store/sqlite"
)

// TestBackupDuringIngest: `hotline backup` runs, as its own process, while
// writers post batches to `hotline serve` on the same store. The copy holds
// every event acknowledged before the backup started; nothing of a batch
// not yet sent when the backup ended; each batch wholly or not at all; no
// content but the first stored for an id. Restored into a new folder, it is
// a store `hotline compute`, `ingest` and `serve` open, and its month equals
// `hotline score` over exactly the copy's events.
func TestBackupDuringIngest(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command and runs a server")
	}
	bin := buildHotline(t)
	gen := t.TempDir()
	if code, _, errOut := hotline(t, "gen", "--out", gen, "--tickets", "1500", "--months", "2", "--quiet"); code != 0 {
		t.Fatalf("gen: %s", errOut)
	}
	units, eventsPath := filepath.Join(gen, "units.yaml"), filepath.Join(gen, "events.jsonl")
	bodies, events := readLines(t, eventsPath)

	// A store with the first 40% of the events, then a server on it.
	data := t.TempDir()
	cut := len(events) * 2 / 5
	preload := filepath.Join(t.TempDir(), "preload.jsonl")
	if err := os.WriteFile(preload, bytes.Join(bodies[:cut], []byte("\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := hotline(t, "ingest", "--data", data, "--units", units, preload); code != 0 {
		t.Fatalf("ingest: %s", errOut)
	}
	base := serve(t, bin, "--data", data, "--keys", "testdata/keys.yaml")

	batches := burst(t, bodies[cut:], events[cut:], events[:cut])
	b := newBurst(base, batches)
	const writers = 6
	var wg sync.WaitGroup
	for range writers {
		wg.Add(1)
		go func() { defer wg.Done(); b.write(t) }()
	}
	b.waitAcked(len(batches) / 4)

	before := b.acked() // acknowledged before the backup started
	out := filepath.Join(t.TempDir(), "hotline-backup.db")
	backup := exec.Command(bin, "backup", "--data", data, "--out", out)
	var backupErr bytes.Buffer
	backup.Stderr = &backupErr
	err := backup.Run()
	sent := b.started() // every batch whose POST began before the backup ended
	ackedAtEnd := len(b.acked())
	wg.Wait()
	if err != nil {
		t.Fatalf("hotline backup: %v\n%s", err, backupErr.String())
	}
	for _, want := range []string{"备份完成", "events", "integrity ok", "schema version " + strconv.Itoa(sqlite.SchemaVersion)} {
		if !strings.Contains(backupErr.String(), want) {
			t.Errorf("the backup's summary lacks %q:\n%s", want, backupErr.String())
		}
	}

	restored := filepath.Join(t.TempDir(), "restored")
	if code, _, errOut := hotline(t, "restore", "--from", out, "--data", restored); code != 0 {
		t.Fatalf("restore: exit %d: %s", code, errOut)
	}
	copied := storedEvents(t, restored)
	t.Logf("%d events; the copy holds %d: %d preloaded, batches acknowledged %d before the backup, %d by its end, %d begun by its end, of %d",
		len(events), len(copied), cut, len(before), ackedAtEnd, len(sent), len(batches))

	original := map[string]uint64{}
	for i := range events {
		original[events[i].ID] = events[i].ContentHash()
	}
	mustHold := slices.Clone(events[:cut])
	mayHold := map[string]bool{}
	for i := range events[:cut] {
		mayHold[events[i].ID] = true
	}
	for i := range batches {
		for j := range batches[i].events {
			if j == batches[i].conflict {
				continue
			}
			if before[i] {
				mustHold = append(mustHold, batches[i].events[j])
			}
			if sent[i] {
				mayHold[batches[i].events[j].ID] = true
			}
		}
	}
	for i := range mustHold {
		if _, ok := copied[mustHold[i].ID]; !ok {
			t.Errorf("event %s, acknowledged before the backup started, is not in the copy", mustHold[i].ID)
		}
	}
	for id, e := range copied {
		switch {
		case !mayHold[id]:
			t.Errorf("event %s is in the copy, though its batch was not sent before the backup ended", id)
		case e.ContentHash() != original[id]:
			t.Errorf("event %s is in the copy with content other than the first stored", id)
		}
	}
	for i := range batches {
		in, stored := 0, 0
		for j := range batches[i].events {
			if j == batches[i].conflict {
				continue
			}
			stored++
			if _, ok := copied[batches[i].events[j].ID]; ok {
				in++
			}
		}
		if in != 0 && in != stored {
			t.Errorf("batch %d: %d of the %d events it stored are in the copy: a batch is copied wholly or not at all", i, in, stored)
		}
	}

	// The restored copy scores as `hotline score` over exactly its events.
	var lines []byte
	for _, id := range slices.Sorted(maps.Keys(copied)) {
		e := copied[id]
		lines = append(e.AppendJSON(lines), '\n')
	}
	copyEvents := filepath.Join(t.TempDir(), "copy.jsonl")
	if err := os.WriteFile(copyEvents, lines, 0o644); err != nil {
		t.Fatal(err)
	}
	code, got, errOut := hotline(t, "compute", "--data", restored, "--month", "2026-10", "--as-of", asOf, "--format", "json")
	if code != 0 {
		t.Fatalf("compute on the restored copy: exit %d: %s", code, errOut)
	}
	code, want, errOut := hotline(t, "score", "--month", "2026-10", "--units", units, "--events", copyEvents, "--as-of", asOf)
	if code != 0 {
		t.Fatalf("score: exit %d: %s", code, errOut)
	}
	if diff := cmp.Diff(decodeJSON(t, want), decodeJSON(t, got)); diff != "" {
		t.Errorf("the restored copy computes otherwise than score over its events (-score +compute):\n%s", diff)
	}

	// The restored store takes the rest of the events, and serves.
	code, ingested, errOut := hotline(t, "ingest", "--data", restored, eventsPath)
	if code != 0 {
		t.Fatalf("ingest into the restored copy: exit %d: %s", code, errOut)
	}
	if want := fmt.Sprintf("新增 %d，重复 %d，", len(events)-len(copied), len(copied)); !strings.Contains(ingested, want) {
		t.Errorf("ingest into the restored copy: %s, want %s", ingested, want)
	}
	restoredBase := serve(t, bin, "--data", restored, "--keys", "testdata/keys.yaml")
	resp, err := http.Get(restoredBase + "/v1/months")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET /v1/months from the restored store: HTTP %d", resp.StatusCode)
	}
}

// readLines reads a JSON Lines file as its lines and its events.
func readLines(t *testing.T, path string) (bodies [][]byte, events []event.Event) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var d event.Decoder
	for _, line := range bytes.Split(raw, []byte("\n")) {
		if line = bytes.TrimSpace(line); len(line) == 0 {
			continue
		}
		e, err := d.Decode(line)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		bodies, events = append(bodies, line), append(events, e)
	}
	return bodies, events
}

// storedEvents reads every event of the store in dir, by id.
func storedEvents(t *testing.T, dir string) map[string]event.Event {
	t.Helper()
	loc, err := time.LoadLocation(calendar.DefaultZone)
	if err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(dir, loc)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	out := map[string]event.Event{}
	err = st.Events(context.Background(), func(batch []event.Event) error {
		for _, e := range batch {
			out[e.ID] = e
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestBackupUsage: missing flags, a folder without a store and an existing
// file (without --force) are bad input, exit 2, and name what is wrong;
// with --force the file is replaced; a restore into a folder with a store
// is refused.
func TestBackupUsage(t *testing.T) {
	data := t.TempDir()
	if code, _, errOut := hotline(t, "ingest", "--data", data, "--units", "testdata/units.yaml", "testdata/events.jsonl"); code != 0 {
		t.Fatalf("ingest: %s", errOut)
	}
	out := filepath.Join(t.TempDir(), "backup.db")
	if err := os.WriteFile(out, []byte("keep"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"backup", "--out", out}, "--data"},
		{[]string{"backup", "--data", data}, "--out"},
		{[]string{"backup", "--data", t.TempDir(), "--out", out + ".new"}, "no store"},
		{[]string{"backup", "--data", data, "--out", out}, "--force"},
		{[]string{"restore", "--data", t.TempDir()}, "--from"},
		{[]string{"restore", "--from", out}, "--data"},
		{[]string{"restore", "--from", out, "--data", t.TempDir()}, "backup.db"}, // not a database
	} {
		code, _, errOut := hotline(t, c.args...)
		if code == 0 || !strings.Contains(errOut, c.want) {
			t.Errorf("hotline %v: exit %d, stderr %q; want a failure naming %q", c.args, code, errOut, c.want)
		}
		if c.want != "backup.db" && code != 2 {
			t.Errorf("hotline %v: exit %d, want 2", c.args, code)
		}
	}
	if b, _ := os.ReadFile(out); string(b) != "keep" {
		t.Errorf("a refused backup changed the existing file")
	}
	code, _, errOut := hotline(t, "backup", "--data", data, "--out", out, "--force")
	if code != 0 || !strings.Contains(errOut, "(backup written: 33 events, 7 units") {
		t.Fatalf("backup --force: exit %d: %s", code, errOut)
	}
	if code, _, errOut := hotline(t, "restore", "--from", out, "--data", data); code != 2 || !strings.Contains(errOut, "exists") {
		t.Errorf("restore over a store: exit %d: %s", code, errOut)
	}
}
