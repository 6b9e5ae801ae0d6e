export { createBm25, wordsOf } from "./bm25.ts";
export { FIXTURE_PAGES, type FixturePage, loadFixturePages, type SearchHit } from "./pages.ts";
export { type FixtureWeb, type FixtureWebOptions, startFixtureWeb } from "./server.ts";
export { textOf, titleOf } from "./text.ts";
