package load

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/shizhong/hotline/shared/event"
)

// MaxBatch is the most events a request may carry (the API's limit).
const MaxBatch = 500

// Route is where a kind of event is posted, and by which client.
type Route struct {
	Path   string       // /v1/events or /v1/callbacks
	Client string       // X-Hotline-Client
	Secret string       // the client's secret, to sign with
	Types  []event.Type // the event types posted on this route
}

// Batch is one request of the plan: events of one route, in order.
type Batch struct {
	Route  int   // index into Plan.Routes
	Events []int // indices into Plan.Events; an index may appear twice
	// Single is a batch of one event posted as a bare JSON object rather
	// than an array (answered 201 stored or 200 duplicate).
	Single bool
	Body   []byte // the request body
}

// Plan is what the clients deliver: every event at least once, in batches.
type Plan struct {
	Events  []event.Event
	Hashes  []uint64 // ContentHash of each event
	Routes  []Route
	Batches []Batch
	Repeats int // event copies beyond the first (in another batch or the same one)
}

// PlanConfig says how events are cut into batches.
type PlanConfig struct {
	Seed     uint64
	MaxBatch int // batch sizes are drawn uniformly from 1..MaxBatch
	// Repeat is the share of events also put in a second batch of the same
	// route, near it in time (one in ten of them in the same batch).
	Repeat float64
	// Single is the share of one-event batches posted as a bare object.
	Single float64
}

// NewPlan cuts events, in the order given, into batches per route (an event
// goes to the first route that lists its type), merges the routes' batches
// in the order of their first events, and adds the repeats.
func NewPlan(events []event.Event, routes []Route, cfg PlanConfig) (*Plan, error) {
	if cfg.MaxBatch < 1 || cfg.MaxBatch > MaxBatch {
		return nil, fmt.Errorf("load: batch size %d must be from 1 to %d", cfg.MaxBatch, MaxBatch)
	}
	p := &Plan{Events: events, Hashes: make([]uint64, len(events)), Routes: routes}
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x9a7c))
	byRoute := make([][]int, len(routes))
	for i := range events {
		p.Hashes[i] = events[i].ContentHash()
		r := slices.IndexFunc(routes, func(r Route) bool { return slices.Contains(r.Types, events[i].Type) })
		if r < 0 {
			return nil, fmt.Errorf("load: no route posts %s events (event %s)", events[i].Type, events[i].ID)
		}
		byRoute[r] = append(byRoute[r], i)
	}
	perRoute := make([][]int, len(routes)) // batch indices of each route, in time order
	for r, list := range byRoute {
		for len(list) > 0 {
			n := min(1+rng.IntN(cfg.MaxBatch), len(list))
			p.Batches = append(p.Batches, Batch{Route: r, Events: slices.Clone(list[:n])})
			list = list[n:]
		}
	}
	slices.SortStableFunc(p.Batches, func(a, b Batch) int {
		return cmp.Or(events[a.Events[0]].At.Compare(events[b.Events[0]].At), cmp.Compare(a.Route, b.Route))
	})
	for i, b := range p.Batches {
		perRoute[b.Route] = append(perRoute[b.Route], i)
	}
	// Repeats: an event again in a batch up to 8 batches away on its route,
	// as a client that re-sends a window of recent events would.
	where := make([]int, len(events)) // the batch of each event
	for bi, b := range p.Batches {
		for _, e := range b.Events {
			where[e] = bi
		}
	}
	for e := range events {
		if rng.Float64() >= cfg.Repeat {
			continue
		}
		own := where[e]
		list := perRoute[p.Batches[own].Route]
		pos, _ := slices.BinarySearch(list, own)
		target := own
		if rng.IntN(10) != 0 {
			target = list[min(max(pos+rng.IntN(17)-8, 0), len(list)-1)]
		}
		b := &p.Batches[target]
		if len(b.Events) >= MaxBatch {
			continue
		}
		at := rng.IntN(len(b.Events) + 1)
		b.Events = slices.Insert(b.Events, at, e)
		p.Repeats++
	}
	for i := range p.Batches {
		b := &p.Batches[i]
		b.Single = len(b.Events) == 1 && rng.Float64() < cfg.Single
		b.Body = p.body(b)
	}
	return p, nil
}

// body is the JSON of a batch: an array of its events, or the event itself
// for a single one.
func (p *Plan) body(b *Batch) []byte {
	if b.Single {
		return p.Events[b.Events[0]].AppendJSON(nil)
	}
	out := []byte{'['}
	for i, e := range b.Events {
		if i > 0 {
			out = append(out, ',')
		}
		out = p.Events[e].AppendJSON(out)
	}
	return append(out, ']')
}

// Posted is the number of events the plan posts once, repeats included.
func (p *Plan) Posted() int {
	n := 0
	for _, b := range p.Batches {
		n += len(b.Events)
	}
	return n
}

// Own reports, for each batch, the events that appear in no other batch:
// the events whose presence in the store only that batch decides.
func (p *Plan) Own() [][]int {
	count := make([]int, len(p.Events))
	for _, b := range p.Batches {
		seen := map[int]bool{}
		for _, e := range b.Events {
			if !seen[e] {
				seen[e] = true
				count[e]++
			}
		}
	}
	own := make([][]int, len(p.Batches))
	for bi, b := range p.Batches {
		seen := map[int]bool{}
		for _, e := range b.Events {
			if count[e] == 1 && !seen[e] {
				seen[e] = true
				own[bi] = append(own[bi], e)
			}
		}
	}
	return own
}
