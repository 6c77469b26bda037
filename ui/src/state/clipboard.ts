// Copying a hash or an address for the officer to paste elsewhere (a
// ticket, an e-mail to the auditor). The notice says it was copied, or how
// to copy it by hand when the system's clipboard refused.
import { notices } from "./notices.svelte";

/** Copies `text`; `what` names it in the notice ("the SHA-256 of minutes.pdf"). */
export async function copy(text: string, what: string) {
  try {
    await navigator.clipboard.writeText(text);
    notices.say(`Copied ${what}.`);
  } catch {
    notices.say(`Could not copy ${what}: select it and press Ctrl+C.`);
  }
}
