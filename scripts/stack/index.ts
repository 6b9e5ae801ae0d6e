export { formatHealth, type HealthReport, readHealth } from "./health.ts";
export { isLoopback, type Listener, listenersOf } from "./listeners.ts";
export { freePort } from "./net.ts";
export { stopOnSignals } from "./signals.ts";
export {
  describeStack,
  ROOT,
  type Sources,
  type Stack,
  type StackOptions,
  startStack,
} from "./start-stack.ts";
export { readLiveState, removeState, type StackState, writeState } from "./state.ts";
