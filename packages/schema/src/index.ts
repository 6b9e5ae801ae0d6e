export * from "./backtest.ts";
export * from "./common.ts";
export * from "./edge.ts";
export * from "./embedding.ts";
export * from "./http.ts";
export * from "./ids.ts";
export * from "./issues.ts";
export * from "./messages.ts";
