package compute

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/score"
	"github.com/shizhong/hotline/shared/store"
)

// official reads the official record of the given earlier months
// (score.Window's Results): for each whose latest stored version is final,
// the units that version marks bottom (SPEC §12.4). A month not stored, or
// not final, is left out: it counts by its events.
func (s *Service) official(ctx context.Context, months []calendar.Month) (score.Official, error) {
	o := score.Official{}
	for _, k := range months {
		r, err := s.Store.Result(ctx, k.String(), 0)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("the official record of %s: %w", k, err)
		}
		if !r.Final {
			continue
		}
		var body struct {
			Units []struct {
				UnitID string `json:"unit_id"`
				Bottom bool   `json:"bottom"`
			} `json:"units"`
		}
		if err := json.Unmarshal(r.Body, &body); err != nil {
			return nil, fmt.Errorf("the official record of %s, version %d: %w", k, r.Version, err)
		}
		bottoms := map[string]bool{}
		for _, u := range body.Units {
			if u.Bottom {
				bottoms[u.UnitID] = true
			}
		}
		o[k] = bottoms
	}
	return o, nil
}

// officialInput is the official record as the fingerprint of the input
// writes it: one line per final month, its bottom units sorted; "" when
// there is none, so results computed without a final month keep the
// fingerprints they had before the record counted.
func officialInput(o score.Official) string {
	months := make([]calendar.Month, 0, len(o))
	for m := range o {
		months = append(months, m)
	}
	slices.SortFunc(months, func(a, b calendar.Month) int { return a.Index() - b.Index() })
	var b strings.Builder
	for _, m := range months {
		ids := make([]string, 0, len(o[m]))
		for id := range o[m] {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		fmt.Fprintf(&b, "official=%s:%s\n", m, strings.Join(ids, ","))
	}
	return b.String()
}
