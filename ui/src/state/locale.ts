// The user's language for dates and numbers, read once from the system: the
// window follows the desktop's locale and has no setting of its own.
import { userLocale } from "../lib/agenda";

export const locale = userLocale(navigator.languages ?? [navigator.language]);
