package dynamo

import (
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"

	"github.com/shizhong/hotline/shared/unit"
)

// TestUnitsRecordAliases: a unit's aliases (issue 15) are a list attribute
// `aliases`, in order, absent when it has none (nil or empty), so the item
// of a registry without aliases is the item written before them; and such
// an item reads back with nil aliases.
func TestUnitsRecordAliases(t *testing.T) {
	s := func(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }
	before := map[string]types.AttributeValue{
		"pk": s(unitsKey().PK), "sk": s(unitsKey().SK),
		"units": &types.AttributeValueMemberL{Value: []types.AttributeValue{
			&types.AttributeValueMemberM{Value: map[string]types.AttributeValue{"id": s("wenhualu"), "name": s("文化路街道"), "group": s("town_street")}},
			&types.AttributeValueMemberM{Value: map[string]types.AttributeValue{"id": s("gonganju"), "name": s("区公安分局"), "group": s("department")}},
		}},
	}
	plain := []unit.Unit{{ID: "wenhualu", Name: "文化路街道", Group: unit.TownStreet}, {ID: "gonganju", Name: "区公安分局", Group: unit.Department}}
	for _, aliases := range [][]string{nil, {}} {
		units := []unit.Unit{plain[0], plain[1]}
		units[0].Aliases = aliases
		av, err := attributevalue.MarshalMap(newUnitsRecord(units))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(before, av, cmp.Exporter(func(reflect.Type) bool { return true })); diff != "" {
			t.Errorf("the item of units without aliases (%#v) (-before +now):\n%s", aliases, diff)
		}
	}
	var r unitsRecord
	if err := attributevalue.UnmarshalMap(before, &r); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(plain, r.units()); diff != "" {
		t.Errorf("an item written before aliases (-want +got):\n%s", diff)
	}

	named := []unit.Unit{plain[0], {ID: "gonganju", Name: "区公安分局", Group: unit.Department, Aliases: []string{"公安分局", "市中区公安分局"}}}
	av, err := attributevalue.MarshalMap(newUnitsRecord(named))
	if err != nil {
		t.Fatal(err)
	}
	second := av["units"].(*types.AttributeValueMemberL).Value[1].(*types.AttributeValueMemberM).Value
	if l, ok := second["aliases"].(*types.AttributeValueMemberL); !ok || len(l.Value) != 2 {
		t.Errorf("aliases attribute %#v, want a list of 2", second["aliases"])
	}
	r = unitsRecord{}
	if err := attributevalue.UnmarshalMap(av, &r); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(named, r.units()); diff != "" {
		t.Errorf("units with aliases (-want +got):\n%s", diff)
	}
}
