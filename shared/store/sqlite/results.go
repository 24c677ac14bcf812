package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/shizhong/hotline/shared/store"
)

const (
	resultColumns   = `period, version, policy, fingerprint, computed_at, final`
	latestResultSQL = `SELECT ` + resultColumns + `, body FROM results
		WHERE period = ? ORDER BY version DESC LIMIT 1`
	resultVersionSQL = `SELECT ` + resultColumns + `, body FROM results
		WHERE period = ? AND version = ?`
	latestSummarySQL = `SELECT ` + resultColumns + `, summary FROM results
		WHERE period = ? ORDER BY version DESC LIMIT 1`
	summaryVersionSQL = `SELECT ` + resultColumns + `, summary FROM results
		WHERE period = ? AND version = ?`
	resultsSQL = `SELECT ` + resultColumns + ` FROM results
		ORDER BY period DESC, version DESC`
	insertResultSQL = `INSERT INTO results (` + resultColumns + `, body, summary)
		VALUES (?, ?, ?, ?, ?, 0, ?, ?)`
	finalizeSQL = `UPDATE results SET final = 1
		WHERE period = ?1 AND version = (SELECT max(version) FROM results WHERE period = ?1)`
)

// PutResult stores r as the next version of its period and returns it with
// its version set, not final. When the latest version has the same policy
// and fingerprint, nothing is stored and the latest version is returned.
func (s *Store) PutResult(ctx context.Context, r store.Result) (store.Result, error) {
	if r.Period == "" {
		return store.Result{}, errors.New("sqlite: put result: no period")
	}
	s.write.Lock()
	defer s.write.Unlock()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return store.Result{}, fmt.Errorf("sqlite: put result %s: begin: %w", r.Period, err)
	}
	defer rollback(tx)
	latest, err := scanResult(tx.StmtContext(ctx, s.st.latestResult).QueryRowContext(ctx, r.Period), true)
	switch {
	case err == nil && latest.Policy == r.Policy && latest.Fingerprint == r.Fingerprint:
		return latest, nil
	case err == nil:
		r.Version = latest.Version + 1
	case errors.Is(err, sql.ErrNoRows):
		r.Version = 1
	default:
		return store.Result{}, fmt.Errorf("sqlite: put result %s: %w", r.Period, err)
	}
	r.Final = false
	if r.Body == nil {
		r.Body = []byte{}
	}
	_, err = tx.StmtContext(ctx, s.st.insertResult).ExecContext(ctx, r.Period, r.Version, r.Policy,
		r.Fingerprint, r.ComputedAt.Format(time.RFC3339Nano), r.Body, r.Summary)
	if err != nil {
		return store.Result{}, fmt.Errorf("sqlite: put result %s: %w", r.Period, err)
	}
	if err := tx.Commit(); err != nil {
		return store.Result{}, fmt.Errorf("sqlite: put result %s: commit: %w", r.Period, err)
	}
	r.Summary = nil
	return r, nil
}

// Result returns version v of a period's result, or the latest when v is 0;
// store.ErrNotFound when there is none.
func (s *Store) Result(ctx context.Context, period string, v int) (store.Result, error) {
	r, err := scanResult(versionRow(ctx, s.st.latestResult, s.st.resultVersion, period, v), true)
	if errors.Is(err, sql.ErrNoRows) {
		return store.Result{}, fmt.Errorf("sqlite: result %s version %d: %w", period, v, store.ErrNotFound)
	}
	if err != nil {
		return store.Result{}, fmt.Errorf("sqlite: result %s version %d: %w", period, v, err)
	}
	return r, nil
}

// ResultSummary returns version v of a period's result, or the latest when
// v is 0, with its summary (nil when stored without one) and without its
// body; store.ErrNotFound when there is none.
func (s *Store) ResultSummary(ctx context.Context, period string, v int) (store.Result, error) {
	row := versionRow(ctx, s.st.latestSummary, s.st.summaryVersion, period, v)
	var (
		r  store.Result
		at string
	)
	err := row.Scan(&r.Period, &r.Version, &r.Policy, &r.Fingerprint, &at, &r.Final, &r.Summary)
	if errors.Is(err, sql.ErrNoRows) {
		return store.Result{}, fmt.Errorf("sqlite: result summary %s version %d: %w", period, v, store.ErrNotFound)
	}
	if err != nil {
		return store.Result{}, fmt.Errorf("sqlite: result summary %s version %d: %w", period, v, err)
	}
	if r.ComputedAt, err = time.Parse(time.RFC3339Nano, at); err != nil {
		return store.Result{}, fmt.Errorf("sqlite: result summary %s version %d: computed_at %q: %w", period, r.Version, at, err)
	}
	return r, nil
}

// Results lists the versions of every period without their bodies, newest
// period first (periods in descending order: "2026-10", "2026-09", "2026")
// and newest version first.
func (s *Store) Results(ctx context.Context) ([]store.Result, error) {
	rows, err := s.st.results.QueryContext(ctx)
	if err != nil {
		return nil, fmt.Errorf("sqlite: results: %w", err)
	}
	defer rows.Close()
	list := []store.Result{}
	for rows.Next() {
		r, err := scanResult(rows, false)
		if err != nil {
			return nil, fmt.Errorf("sqlite: results: %w", err)
		}
		list = append(list, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: results: %w", err)
	}
	return list, nil
}

// Finalize marks the latest version of a period final and returns it;
// store.ErrNotFound when the period has no result.
func (s *Store) Finalize(ctx context.Context, period string) (store.Result, error) {
	s.write.Lock()
	defer s.write.Unlock()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return store.Result{}, fmt.Errorf("sqlite: finalize %s: begin: %w", period, err)
	}
	defer rollback(tx)
	res, err := tx.StmtContext(ctx, s.st.finalize).ExecContext(ctx, period)
	if err != nil {
		return store.Result{}, fmt.Errorf("sqlite: finalize %s: %w", period, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		if err == nil {
			err = store.ErrNotFound
		}
		return store.Result{}, fmt.Errorf("sqlite: finalize %s: %w", period, err)
	}
	r, err := scanResult(tx.StmtContext(ctx, s.st.latestResult).QueryRowContext(ctx, period), true)
	if err != nil {
		return store.Result{}, fmt.Errorf("sqlite: finalize %s: %w", period, err)
	}
	if err := tx.Commit(); err != nil {
		return store.Result{}, fmt.Errorf("sqlite: finalize %s: commit: %w", period, err)
	}
	return r, nil
}

// scanResult reads a row of resultColumns, and the body when withBody.
func scanResult(row interface{ Scan(...any) error }, withBody bool) (store.Result, error) {
	var (
		r  store.Result
		at string
	)
	dest := []any{&r.Period, &r.Version, &r.Policy, &r.Fingerprint, &at, &r.Final}
	if withBody {
		dest = append(dest, &r.Body)
	}
	if err := row.Scan(dest...); err != nil {
		return store.Result{}, err
	}
	t, err := time.Parse(time.RFC3339Nano, at)
	if err != nil {
		return store.Result{}, fmt.Errorf("result %s version %d: computed_at %q: %w", r.Period, r.Version, at, err)
	}
	r.ComputedAt = t
	return r, nil
}

// versionRow is the row of version v of a period, or of the latest when v
// is 0, from the statement that reads either.
func versionRow(ctx context.Context, latest, version *sql.Stmt, period string, v int) *sql.Row {
	if v == 0 {
		return latest.QueryRowContext(ctx, period)
	}
	return version.QueryRowContext(ctx, period, v)
}
