// The official SDK, re-exported so code outside this package (bench/) resolves it from here.
export { Client, Receiver } from "@upstash/qstash";
