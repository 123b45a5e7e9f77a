// `xinyong import` and `xinyong verify` on SQLite (the suite is shared with the other database's file).
import { importVerifySuite } from './import-verify.suite.js';

importVerifySuite('sqlite');
