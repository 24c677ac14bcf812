package sqlite

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/shizhong/hotline/shared/store"
)

const (
	putImportSQL = `INSERT INTO imports (id, at, imported_by, file, mapping, events, stored, duplicate, conflict, problems)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`
	recentImportsSQL = `SELECT id, at, imported_by, file, mapping, events, stored, duplicate, conflict, problems
		FROM imports ORDER BY at DESC, id DESC LIMIT ?`
)

// PutImport stores a record of an import (store.Imports); an id already
// taken is store.ErrExists and changes nothing.
func (s *Store) PutImport(ctx context.Context, rec store.Import) error {
	events := "{}"
	if len(rec.Events) > 0 {
		b, err := json.Marshal(rec.Events)
		if err != nil {
			return fmt.Errorf("sqlite: put import %s: %w", rec.ID, err)
		}
		events = string(b)
	}
	s.write.Lock()
	defer s.write.Unlock()
	res, err := s.st.putImport.ExecContext(ctx, rec.ID, timeKey(rec.At), rec.By, rec.File, rec.Mapping, events,
		rec.Stored, rec.Duplicate, rec.Conflict, rec.Problems)
	if err != nil {
		return fmt.Errorf("sqlite: put import %s: %w", rec.ID, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		if err == nil {
			err = store.ErrExists
		}
		return fmt.Errorf("sqlite: put import %s: %w", rec.ID, err)
	}
	return nil
}

// RecentImports returns at most limit records (store.Imports), the most
// recent first, ties by id descending: the index imports_by_at read
// backwards, limit rows of it.
func (s *Store) RecentImports(ctx context.Context, limit int) ([]store.Import, error) {
	list := []store.Import{}
	if limit <= 0 {
		return list, nil
	}
	rows, err := s.st.recentImports.QueryContext(ctx, limit)
	if err != nil {
		return nil, fmt.Errorf("sqlite: recent imports: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var rec store.Import
		var at, events string
		if err := rows.Scan(&rec.ID, &at, &rec.By, &rec.File, &rec.Mapping, &events,
			&rec.Stored, &rec.Duplicate, &rec.Conflict, &rec.Problems); err != nil {
			return nil, fmt.Errorf("sqlite: recent imports: %w", err)
		}
		if rec.At, err = time.Parse(time.RFC3339Nano, at); err != nil {
			return nil, fmt.Errorf("sqlite: recent imports: import %s: at %q: %w", rec.ID, at, err)
		}
		if err := json.Unmarshal([]byte(events), &rec.Events); err != nil {
			return nil, fmt.Errorf("sqlite: recent imports: import %s: events %.80q: %w", rec.ID, events, err)
		}
		if len(rec.Events) == 0 {
			rec.Events = nil // '{}'
		}
		list = append(list, rec)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: recent imports: %w", err)
	}
	return list, nil
}
