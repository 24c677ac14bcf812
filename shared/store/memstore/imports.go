package memstore

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/shizhong/hotline/shared/store"
)

var _ store.Imports = (*Store)(nil)

// PutImport implements store.Imports.
func (s *Store) PutImport(ctx context.Context, rec store.Import) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.imports[rec.ID]; ok {
		return fmt.Errorf("memstore: put import %s: %w", rec.ID, store.ErrExists)
	}
	s.imports[rec.ID] = copyImport(rec)
	return nil
}

// RecentImports implements store.Imports.
func (s *Store) RecentImports(ctx context.Context, limit int) ([]store.Import, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	list := []store.Import{}
	for _, rec := range s.imports {
		list = append(list, copyImport(rec))
	}
	slices.SortFunc(list, func(a, b store.Import) int {
		if c := b.At.Compare(a.At); c != 0 {
			return c
		}
		return strings.Compare(b.ID, a.ID)
	})
	return list[:min(max(limit, 0), len(list))], nil
}

// copyImport is rec as the store keeps and gives it: its time in UTC, its
// counts a map of its own, nil for none.
func copyImport(rec store.Import) store.Import {
	rec.At = rec.At.UTC()
	if len(rec.Events) == 0 {
		rec.Events = nil
	} else {
		rec.Events = maps.Clone(rec.Events)
	}
	return rec
}
