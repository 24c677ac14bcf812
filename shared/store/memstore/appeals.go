package memstore

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/shizhong/hotline/shared/appeal"
	"github.com/shizhong/hotline/shared/store"
)

var _ store.Appeals = (*Store)(nil)

// CreateAppeal implements store.Appeals.
func (s *Store) CreateAppeal(ctx context.Context, a appeal.Appeal) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.appeals[a.ID]; ok {
		return fmt.Errorf("memstore: create appeal %s: %w", a.ID, store.ErrExists)
	}
	s.appeals[a.ID] = a.UTC()
	return nil
}

// Appeal implements store.Appeals.
func (s *Store) Appeal(ctx context.Context, id string) (appeal.Appeal, error) {
	if err := ctx.Err(); err != nil {
		return appeal.Appeal{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.appeals[id]
	if !ok {
		return appeal.Appeal{}, fmt.Errorf("memstore: appeal %s: %w", id, store.ErrNotFound)
	}
	return a.UTC(), nil
}

// MonthAppeals implements store.Appeals.
func (s *Store) MonthAppeals(ctx context.Context, month string) ([]appeal.Appeal, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	list := []appeal.Appeal{}
	for _, a := range s.appeals {
		if a.Month == month {
			list = append(list, a.UTC())
		}
	}
	slices.SortFunc(list, func(a, b appeal.Appeal) int {
		if c := a.FiledAt.Compare(b.FiledAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return list, nil
}

// UpdateAppeal implements store.Appeals.
func (s *Store) UpdateAppeal(ctx context.Context, a appeal.Appeal, from appeal.Status) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	prev, ok := s.appeals[a.ID]
	switch {
	case !ok:
		return fmt.Errorf("memstore: update appeal %s: %w", a.ID, store.ErrNotFound)
	case prev.Status != from:
		return fmt.Errorf("memstore: update appeal %s: it is %s, not %s: %w", a.ID, prev.Status, from, store.ErrChanged)
	}
	s.appeals[a.ID] = a.UTC()
	return nil
}
