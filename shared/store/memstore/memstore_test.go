package memstore_test

import (
	"testing"
	"time"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/store"
	"github.com/shizhong/hotline/shared/store/memstore"
	"github.com/shizhong/hotline/shared/store/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		loc, err := time.LoadLocation(calendar.DefaultZone)
		if err != nil {
			t.Fatal(err)
		}
		return memstore.New(loc)
	})
}

func TestPeople(t *testing.T) {
	storetest.People(t, func(t *testing.T) storetest.PeopleStore {
		loc, err := time.LoadLocation(calendar.DefaultZone)
		if err != nil {
			t.Fatal(err)
		}
		return memstore.New(loc)
	})
}

func TestAppeals(t *testing.T) {
	storetest.Appeals(t, func(t *testing.T) storetest.AppealsStore { return memstore.New(time.UTC) })
}

func TestImports(t *testing.T) {
	storetest.Imports(t, func(t *testing.T) storetest.ImportsStore { return memstore.New(time.UTC) })
}
