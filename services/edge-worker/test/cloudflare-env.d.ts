// What `import { exports } from "cloudflare:workers"` holds in the tests: the Worker's default export.
declare namespace Cloudflare {
  interface Exports {
    default: Fetcher;
  }
}
