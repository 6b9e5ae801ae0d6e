export * from "./policy.ts";
export * from "./publish-error.ts";
export * from "./publisher.ts";
export * from "./receiver.ts";
