// Package appeal is a unit's appeal of one deduction of a month (SPEC v1.1
// §12): what it names, its states and their history, and the window in
// which it may be filed. It knows nothing of stores or HTTP: the store
// keeps appeals (store.Appeals), package cycle ties them to the published
// versions, and the API speaks them (httpapi).
package appeal
