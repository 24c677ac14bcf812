// Package publish puts a computed result where the district reads it: in an
// S3 bucket, the ranking JSON and the Excel report of every version under
// <prefix>/<period>/v<version>/, and <prefix>/<period>/latest.json pointing
// at the version published last; then, when a topic is configured, one SNS
// message saying what was published.
//
// Publisher depends on two narrow interfaces, Bucket (PutObject) and Topic
// (Publish). S3 and SNS implement them with the SDK's clients. Publishing
// the same version
// twice puts the same bytes under the same keys: the objects are made from
// the stored body alone.
//
// It is an adapter: only the Lambda wiring and tests import it. It must
// never import the store adapters or net/http servers.
package publish
