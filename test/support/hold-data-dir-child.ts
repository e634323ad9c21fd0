/**
 * A process that holds a data directory like `npm start` does (argv[2], role argv[3]), says
 * "held <owner id>" and waits for a signal; a refused start exits with the busy code.
 */
import { holdDataDir } from "../../src/store/hold.js";
import { silentLogger } from "../unit/silent-logger.js";

process.once("SIGTERM", () => process.exit(0));
const owner = holdDataDir(process.argv[2] ?? ".", process.argv[3] ?? "server", silentLogger);
console.log(`held ${owner.ownerId}`);
setInterval(() => undefined, 60_000);
