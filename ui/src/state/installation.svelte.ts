// What the Rust side says about this installation: the version, the data
// folder and the local time zone. Read once when the page opens; none of it
// changes while the window is open.
import { api } from "../lib/api";
import type { AppInfo } from "../lib/types.gen";

class Installation {
  info = $state<AppInfo | null>(null);

  read() {
    api.appInfo().then((i) => (this.info = i), () => {});
  }
}

export const installation = new Installation();
