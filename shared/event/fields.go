package event

// FieldsOf lists the fields of an event of type t beside id, type, at and
// recorded_by, by their JSON keys (SPEC §3 table): those required, and
// those it may carry (ticket_id and unit_id may appear on any type). For
// the readers that build events from elsewhere than JSON, e.g. the columns
// of a spreadsheet mapped to fields (shared/importer).
func FieldsOf(t Type) (required, optional []string) {
	if t < Assigned || t > lastType {
		return nil, nil
	}
	sh := shapes[t]
	for f := fTicket; f < numFields; f++ {
		switch {
		case f == fRecordedBy:
		case sh.required.has(f):
			required = append(required, fieldNames[f])
		case sh.optional.has(f) || common.has(f):
			optional = append(optional, fieldNames[f])
		}
	}
	return required, optional
}
