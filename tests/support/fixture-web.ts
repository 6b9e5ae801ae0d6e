// The fixture web lives in its own package (@qp/fixture-web) so the research command and the stack can run
// it too; the cross-service suites keep importing it from here.
export { FIXTURE_PAGES, type FixtureWeb, startFixtureWeb } from "@qp/fixture-web";
