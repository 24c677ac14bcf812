package sqlite

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/shizhong/hotline/shared/store"
	"github.com/shizhong/hotline/shared/unit"
)

const (
	deleteUnitsSQL  = `DELETE FROM units`
	insertUnitSQL   = `INSERT INTO units (pos, id, name, grp, aliases) VALUES (?, ?, ?, ?, ?)`
	unitsSQL        = `SELECT id, name, grp, aliases FROM units ORDER BY pos`
	unitsPutSQL     = `SELECT count(*) FROM meta WHERE key = 'units'`
	markUnitsPutSQL = `INSERT OR IGNORE INTO meta (key, value) VALUES ('units', 'put')`
)

// PutUnits replaces the unit registry, in one transaction.
func (s *Store) PutUnits(ctx context.Context, units []unit.Unit) error {
	s.write.Lock()
	defer s.write.Unlock()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: put units: begin: %w", err)
	}
	defer rollback(tx)
	if _, err := tx.StmtContext(ctx, s.st.deleteUnits).ExecContext(ctx); err != nil {
		return fmt.Errorf("sqlite: put units: %w", err)
	}
	insert := tx.StmtContext(ctx, s.st.insertUnit)
	for i, u := range units {
		aliases, err := aliasesColumn(u.Aliases)
		if err != nil {
			return fmt.Errorf("sqlite: put units: unit %s: %w", u.ID, err)
		}
		if _, err := insert.ExecContext(ctx, i, u.ID, u.Name, string(u.Group), aliases); err != nil {
			return fmt.Errorf("sqlite: put units: unit %s: %w", u.ID, err)
		}
	}
	if _, err := tx.StmtContext(ctx, s.st.markUnitsPut).ExecContext(ctx); err != nil {
		return fmt.Errorf("sqlite: put units: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite: put units: commit: %w", err)
	}
	return nil
}

// Units returns the unit registry in the order it was put; store.ErrNotFound
// when none was ever put. An empty registry that was put is empty, not
// missing.
func (s *Store) Units(ctx context.Context) ([]unit.Unit, error) {
	// The mark first: once set it stays, so the units read after it are a
	// registry that was put.
	var put int
	if err := s.st.unitsPut.QueryRowContext(ctx).Scan(&put); err != nil {
		return nil, fmt.Errorf("sqlite: units: %w", err)
	}
	if put == 0 {
		return nil, fmt.Errorf("sqlite: units: %w", store.ErrNotFound)
	}
	rows, err := s.st.units.QueryContext(ctx)
	if err != nil {
		return nil, fmt.Errorf("sqlite: units: %w", err)
	}
	defer rows.Close()
	list := []unit.Unit{}
	for rows.Next() {
		var u unit.Unit
		var aliases string
		if err := rows.Scan(&u.ID, &u.Name, &u.Group, &aliases); err != nil {
			return nil, fmt.Errorf("sqlite: units: %w", err)
		}
		if u.Aliases, err = aliasesOf(aliases); err != nil {
			return nil, fmt.Errorf("sqlite: units: unit %s: %w", u.ID, err)
		}
		list = append(list, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: units: %w", err)
	}
	return list, nil
}

// aliasesColumn is the aliases column of a unit: its aliases as a JSON
// array, '[]' for none (schemaV6).
func aliasesColumn(aliases []string) (string, error) {
	if len(aliases) == 0 {
		return "[]", nil
	}
	b, err := json.Marshal(aliases)
	if err != nil {
		return "", fmt.Errorf("aliases: %w", err)
	}
	return string(b), nil
}

// aliasesOf reads the aliases column: nil for none, as every store gives a
// unit without aliases.
func aliasesOf(column string) ([]string, error) {
	var aliases []string
	if err := json.Unmarshal([]byte(column), &aliases); err != nil {
		return nil, fmt.Errorf("aliases %q: %w", column, err)
	}
	if len(aliases) == 0 {
		aliases = nil // '[]'
	}
	return aliases, nil
}
