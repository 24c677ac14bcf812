package rules

import (
	"fmt"
	"os"
	"time"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/cloud"
	"github.com/shizhong/hotline/shared/compute"
	"github.com/shizhong/hotline/shared/httpapi"
	"github.com/shizhong/hotline/shared/policy"
	"github.com/shizhong/hotline/shared/store"
)

// EnvPolicy names an optional policy file (a path inside the deployment
// package); the built-in policy, the district's method, when unset.
const EnvPolicy = "HOTLINE_POLICY"

// Service is the compute service over st with the policy of path (the
// built-in one when empty) and the built-in calendar in loc. A policy whose
// time zone is not loc is refused: months would be cut in two zones.
func Service(st store.Store, path string, loc *time.Location) (*compute.Service, error) {
	pol := policy.Builtin()
	if path != "" {
		var err error
		if pol, err = policy.Load(path); err != nil {
			return nil, fmt.Errorf("%s: %w", EnvPolicy, err)
		}
	}
	if pl, err := pol.Location(); err != nil || pl.String() != loc.String() {
		return nil, fmt.Errorf("%s: the policy's time zone %q is not %s %q", EnvPolicy, pol.Timezone, cloud.EnvTimezone, loc)
	}
	return &compute.Service{Store: st, Policy: pol, Calendar: calendar.New(loc)}, nil
}

// Compute gives the HTTP handler the compute service, for the recompute
// route of the scores API: functions/api passes it to cloud.ServeHTTP.
func Compute(w cloud.Wiring, c *httpapi.Config) error {
	svc, err := Service(w.Store, os.Getenv(EnvPolicy), w.Config.Location)
	if err != nil {
		return err
	}
	c.Compute = svc
	return nil
}
