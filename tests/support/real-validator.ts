// The real validator service (its app, engines and the repository's market data in data/market).
import { createEngines } from "../../services/validator/src/engine/select.ts";
import { testApp } from "../../services/validator/test/helpers.ts";

/** The real validator app over data/market, SPY by default; close `engines` after the tests. */
export function validatorApp(maxSyncBarSets = 10_000_000) {
  const engines = createEngines({ threads: 1, tfjsPrefer: "pure" });
  return { engines, app: testApp(engines, { maxSyncBarSets }) };
}
