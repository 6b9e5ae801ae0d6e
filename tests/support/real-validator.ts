import { createLogger } from "@qp/service-kit";
// The real validator service (its app, engines and the repository's market data in data/market).
import { createApp } from "../../services/validator/src/app.ts";
import { MarketIndex } from "../../services/validator/src/data/market-index.ts";
import { createMarketSource } from "../../services/validator/src/data/source.ts";
import { createEngines } from "../../services/validator/src/engine/select.ts";
import { MARKET_DIR } from "../../services/validator/test/helpers.ts";

/** The real validator app over data/market, SPY by default; close `engines` after the tests. */
export function validatorApp(maxSyncBarSets = 10_000_000) {
  const engines = createEngines({ threads: 1, tfjsPrefer: "pure" });
  const app = createApp({
    logger: createLogger({ service: "validator-test", level: "silent" }),
    engines,
    market: createMarketSource(new MarketIndex(MARKET_DIR)),
    defaultSymbols: ["SPY"],
    maxSyncBarSets,
    maxJobBarSets: 200_000_000,
  });
  return { engines, app };
}
