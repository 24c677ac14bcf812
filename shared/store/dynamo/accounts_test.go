package dynamo_test

import (
	"context"
	"crypto/rand"
	"errors"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"

	"github.com/shizhong/hotline/internal/testenv"
	"github.com/shizhong/hotline/shared/account"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/fault"
	"github.com/shizhong/hotline/shared/store"
	"github.com/shizhong/hotline/shared/store/dynamo"
)

// hash is a password hash made with cheap parameters.
func hash(t testing.TB, pw string) account.Hash {
	t.Helper()
	h, err := account.HashPassword(pw, account.Params{Memory: 64, Time: 1, Threads: 1}, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// rawItem reads the item of a key as DynamoDB stores it.
func rawItem(t testing.TB, client *dynamodb.Client, table, pk, sk string) map[string]types.AttributeValue {
	t.Helper()
	out, err := client.GetItem(context.Background(), &dynamodb.GetItemInput{
		TableName: aws.String(table),
		Key: map[string]types.AttributeValue{
			"pk": &types.AttributeValueMemberS{Value: pk},
			"sk": &types.AttributeValueMemberS{Value: sk},
		},
		ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		t.Fatal(err)
	}
	return out.Item
}

// testAccounts are accounts of every role; "EVENT" has the sort key of an
// event item but for the label before it.
func testAccounts(t testing.TB) []account.Account {
	t.Helper()
	loc := shanghai(t)
	t0 := time.Date(2026, 11, 2, 9, 0, 0, 123456789, loc)
	return []account.Account{
		{ID: "li.wei@centre", Name: "李伟", Role: account.Centre, Password: hash(t, "correct horse battery"), CreatedAt: t0, UpdatedAt: t0},
		{ID: "wenhualu-1", Role: account.Unit, UnitID: "wenhualu", Password: hash(t, "文化路的密码足够长了吧对"), CreatedAt: t0, UpdatedAt: t0},
		{ID: "EVENT", Name: "管理员", Role: account.Admin, Password: hash(t, "admin password 1"), CreatedAt: t0, UpdatedAt: t0},
		{ID: "Zed", Role: account.Admin, Password: hash(t, "admin password 2"), Disabled: true,
			RevokedAt: t0.Add(time.Hour), CreatedAt: t0, UpdatedAt: t0.Add(time.Hour)},
	}
}

// TestAccounts: CreateAccount, Account, ListAccounts and UpdateAccount
// (store.Accounts) on one table.
func TestAccounts(t *testing.T) {
	client := newClient(testenv.Endpoint(t))
	table := newTable(t, client)
	s := dynamo.New(client, table, shanghai(t))
	ctx := context.Background()

	// ListAccounts of a store without accounts: none, not an error.
	if got, err := s.ListAccounts(ctx); err != nil || len(got) != 0 {
		t.Fatalf("ListAccounts of no account: %v, %v", got, err)
	}
	accounts := testAccounts(t)
	for _, a := range accounts {
		if err := s.CreateAccount(ctx, a); err != nil {
			t.Fatalf("CreateAccount(%s): %v", a.ID, err)
		}
	}
	// Account returns the account of id, every field as created.
	for _, want := range accounts {
		got, err := s.Account(ctx, want.ID)
		if err != nil {
			t.Fatalf("Account(%s): %v", want.ID, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Account(%s) (-want +got):\n%s", want.ID, diff)
		}
	}
	// The hash is stored as is, in the ACCOUNTS partition.
	it := rawItem(t, client, table, "ACCOUNTS", "ACCOUNT#li.wei@centre")
	if pw, _ := it["password"].(*types.AttributeValueMemberS); pw == nil || pw.Value != string(accounts[0].Password) {
		t.Errorf("stored password %v, want the hash as is", it["password"])
	}

	// An id already taken is ErrExists, of code Conflict, and nothing
	// changes.
	again := accounts[0]
	again.Name, again.Role = "冒名", account.Admin
	err := s.CreateAccount(ctx, again)
	if !errors.Is(err, store.ErrExists) || fault.CodeOf(err) != fault.Conflict {
		t.Errorf("CreateAccount of a taken id: %v, want ErrExists (conflict)", err)
	}
	if got, err := s.Account(ctx, accounts[0].ID); err != nil || got.Name != "李伟" || got.Role != account.Centre {
		t.Errorf("after the refused create: %+v, %v", got, err)
	}

	// The very same account put again is this call's own earlier attempt,
	// sent again by the SDK's retryer after its answer was lost: stored,
	// not taken.
	if err := s.CreateAccount(ctx, accounts[0]); err != nil {
		t.Errorf("CreateAccount of the account just stored (a retry after a lost answer): %v, want nil", err)
	}

	// No account of an id: ErrNotFound, of code NotFound.
	if _, err := s.Account(ctx, "nobody"); !errors.Is(err, store.ErrNotFound) || fault.CodeOf(err) != fault.NotFound {
		t.Errorf("Account(nobody): %v, want ErrNotFound", err)
	}

	// ListAccounts: every account, ordered by id (bytes: upper case first).
	list, err := s.ListAccounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, a := range list {
		ids = append(ids, a.ID)
	}
	if diff := cmp.Diff([]string{"EVENT", "Zed", "li.wei@centre", "wenhualu-1"}, ids); diff != "" {
		t.Errorf("ListAccounts ids (-want +got):\n%s", diff)
	}
	for _, a := range list {
		if a.ID == "Zed" && (!a.Disabled || a.RevokedAt.IsZero()) {
			t.Errorf("listed %+v without its state", a.ID)
		}
	}

	// UpdateAccount replaces name, role, unit, password, disabled, revoked
	// and updated; an emptied unit and name are gone; created stays.
	changed := accounts[1]
	changed.Name, changed.Role, changed.UnitID = "", account.Centre, ""
	changed.Password = hash(t, "a new password here")
	changed.Disabled = true
	changed.RevokedAt = time.Date(2026, 11, 3, 8, 0, 0, 0, time.UTC)
	changed.UpdatedAt = changed.RevokedAt
	want := changed
	changed.CreatedAt = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC) // not updated
	if err := s.UpdateAccount(ctx, changed); err != nil {
		t.Fatal(err)
	}
	got, err := s.Account(ctx, changed.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("after UpdateAccount (-want +got):\n%s", diff)
	}
	if it := rawItem(t, client, table, "ACCOUNTS", "ACCOUNT#wenhualu-1"); it["unit_id"] != nil || it["name"] != nil {
		t.Errorf("the emptied unit and name are still stored: %v %v", it["unit_id"], it["name"])
	}
	// And back: a name and a unit set again.
	back := accounts[1]
	if err := s.UpdateAccount(ctx, back); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Account(ctx, back.ID); err != nil || got.UnitID != "wenhualu" || got.Role != account.Unit || got.Disabled {
		t.Errorf("after the second update: %+v, %v", got, err)
	}

	// UpdateAccount of no account: ErrNotFound, and no account is made.
	ghost := accounts[0]
	ghost.ID = "ghost"
	if err := s.UpdateAccount(ctx, ghost); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("UpdateAccount(ghost): %v, want ErrNotFound", err)
	}
	if _, err := s.Account(ctx, "ghost"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("UpdateAccount(ghost) made an account: %v", err)
	}
}

// TestSessions: PutSession, Session, DeleteSession and SweepSessions
// (store.Sessions), and the ttl attribute DynamoDB's time to live reads.
func TestSessions(t *testing.T) {
	client := newClient(testenv.Endpoint(t))
	table := newTable(t, client)
	s := dynamo.New(client, table, shanghai(t))
	ctx := context.Background()

	// CreateTable turned the time to live on, on ttl.
	ttl, err := client.DescribeTimeToLive(ctx, &dynamodb.DescribeTimeToLiveInput{TableName: aws.String(table)})
	if err != nil {
		t.Fatal(err)
	}
	if d := ttl.TimeToLiveDescription; d == nil || d.TimeToLiveStatus != types.TimeToLiveStatusEnabled || aws.ToString(d.AttributeName) != "ttl" {
		t.Errorf("time to live %+v, want enabled on ttl", d)
	}

	_, h, err := account.NewToken(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 11, 2, 9, 0, 0, 0, shanghai(t))
	sess := account.Session{TokenHash: h, AccountID: "li.wei@centre", CreatedAt: t0, SeenAt: t0}
	expires := account.DefaultLifetime.Expires(sess)
	if err := s.PutSession(ctx, sess, expires); err != nil {
		t.Fatal(err)
	}
	got, err := s.Session(ctx, h)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(sess, got); diff != "" {
		t.Errorf("Session (-want +got):\n%s", diff)
	}
	// ttl is expires in seconds since the epoch, a number.
	wantTTL := func(sec int64) {
		t.Helper()
		it := rawItem(t, client, table, "SESSION#"+h, "SESSION")
		n, ok := it["ttl"].(*types.AttributeValueMemberN)
		if !ok || n.Value != strconv.FormatInt(sec, 10) {
			t.Errorf("ttl %v, want the number %d", it["ttl"], sec)
		}
	}
	wantTTL(expires.Unix())

	// Put again: the session is replaced, ttl moves; a fraction of a
	// second rounds up, so the item never goes before the session ends.
	seen := t0.Add(3*time.Hour + 250*time.Millisecond)
	sess.SeenAt = seen
	expires = account.DefaultLifetime.Expires(sess)
	if err := s.PutSession(ctx, sess, expires); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Session(ctx, h); err != nil || !got.SeenAt.Equal(seen) {
		t.Errorf("after the second put: %+v, %v", got, err)
	}
	wantTTL(t0.Add(11*time.Hour).Unix() + 1)

	// SweepSessions leaves the sessions to the time to live.
	if n, err := s.SweepSessions(ctx, t0.Add(48*time.Hour)); n != 0 || err != nil {
		t.Errorf("SweepSessions: %d, %v, want 0, nil", n, err)
	}
	if _, err := s.Session(ctx, h); err != nil {
		t.Errorf("after the sweep: %v", err)
	}

	// Delete, twice; then it is not found.
	for i := range 2 {
		if err := s.DeleteSession(ctx, h); err != nil {
			t.Errorf("DeleteSession #%d: %v", i+1, err)
		}
	}
	if _, err := s.Session(ctx, h); !errors.Is(err, store.ErrNotFound) || fault.CodeOf(err) != fault.NotFound {
		t.Errorf("Session after DeleteSession: %v, want ErrNotFound", err)
	}
	if _, err := s.Session(ctx, account.TokenHash("never issued")); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Session of a hash never put: %v, want ErrNotFound", err)
	}
}

// TestAccountsApartFromEvents: accounts, sessions and the records of
// imports in the table change nothing the event reads give (MonthEvents,
// MonthAssignments, Events), ListAccounts gives only accounts and
// RecentImports only the records.
func TestAccountsApartFromEvents(t *testing.T) {
	client := newClient(testenv.Endpoint(t))
	s := dynamo.New(client, newTable(t, client), shanghai(t))
	ctx := context.Background()
	units, events := district(t, 5, 20)
	if err := s.PutUnits(ctx, units); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(events); i += store.MaxBatch {
		if _, err := s.PutEvents(ctx, events[i:min(i+store.MaxBatch, len(events))]); err != nil {
			t.Fatal(err)
		}
	}
	type reads struct{ month, assignments, all []string }
	read := func() reads {
		t.Helper()
		var r reads
		collect := func(to *[]string) func([]event.Event) error {
			return func(b []event.Event) error { *to = append(*to, ids(b)...); return nil }
		}
		if err := s.MonthEvents(ctx, october, collect(&r.month)); err != nil {
			t.Fatal(err)
		}
		if err := s.MonthAssignments(ctx, october, func(b []event.Brief) error {
			for _, a := range b {
				r.assignments = append(r.assignments, a.ID)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if err := s.Events(ctx, collect(&r.all)); err != nil {
			t.Fatal(err)
		}
		for _, l := range [][]string{r.month, r.assignments, r.all} {
			slices.Sort(l)
		}
		return r
	}
	before := read()
	if len(before.month) == 0 || len(before.assignments) == 0 || len(before.all) != len(events) {
		t.Fatalf("the district reads %d, %d and %d events", len(before.month), len(before.assignments), len(before.all))
	}

	accounts := testAccounts(t)
	for _, a := range accounts {
		if err := s.CreateAccount(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	at := time.Date(2026, 10, 15, 9, 0, 0, 0, shanghai(t)) // in October
	for i := range 3 {
		sess := account.Session{TokenHash: account.TokenHash(strconv.Itoa(i)), AccountID: accounts[i].ID, CreatedAt: at, SeenAt: at}
		if err := s.PutSession(ctx, sess, account.DefaultLifetime.Expires(sess)); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 3 {
		rec := store.Import{ID: "imp-" + strconv.Itoa(i), At: at.Add(time.Duration(i) * time.Hour), By: accounts[0].ID, File: "EVENT",
			Mapping: "gen-platform", Events: map[string]int{"assigned": i + 1}, Stored: i + 1}
		if err := s.PutImport(ctx, rec); err != nil {
			t.Fatal(err)
		}
	}
	if diff := cmp.Diff(before, read(), cmp.AllowUnexported(reads{})); diff != "" {
		t.Errorf("event reads with accounts, sessions and imports stored (-without +with):\n%s", diff)
	}
	if list, err := s.RecentImports(ctx, 10); err != nil || len(list) != 3 || list[0].ID != "imp-2" {
		t.Errorf("RecentImports: %+v, %v; want the 3 records, imp-2 first", list, err)
	}
	list, err := s.ListAccounts(ctx)
	if err != nil || len(list) != len(accounts) {
		t.Errorf("ListAccounts: %d accounts, %v; want %d", len(list), err, len(accounts))
	}
	if got, err := s.Units(ctx); err != nil || len(got) != len(units) {
		t.Errorf("Units: %d, %v", len(got), err)
	}
}
