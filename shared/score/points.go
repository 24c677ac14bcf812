package score

import (
	"github.com/shopspring/decimal"
)

// Points is an exact score, written in JSON as a number with at most two
// decimals and no trailing zeros (97.35, 19.5, 10).
type Points struct{ decimal.Decimal }

// P makes Points from a decimal, rounded half-up to 2 decimals.
func P(d decimal.Decimal) Points { return Points{d.Round(2)} }

// MustPoints parses Points; for tests and constants.
func MustPoints(s string) Points { return P(decimal.RequireFromString(s)) }

// MarshalJSON writes the points as a JSON number.
func (p Points) MarshalJSON() ([]byte, error) { return []byte(p.Round(2).String()), nil }

// UnmarshalJSON reads a JSON number exactly.
func (p *Points) UnmarshalJSON(b []byte) error {
	d, err := decimal.NewFromString(string(b))
	if err != nil {
		return err
	}
	p.Decimal = d
	return nil
}

// Ratio is a share written in JSON as a number rounded half-up to 4
// decimals, for display only (SPEC §8 averages).
type Ratio struct{ decimal.Decimal }

// MarshalJSON writes the ratio as a JSON number.
func (r Ratio) MarshalJSON() ([]byte, error) { return []byte(r.Round(4).String()), nil }

// UnmarshalJSON reads a JSON number exactly.
func (r *Ratio) UnmarshalJSON(b []byte) error {
	d, err := decimal.NewFromString(string(b))
	if err != nil {
		return err
	}
	r.Decimal = d
	return nil
}
