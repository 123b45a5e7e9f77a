// `xinyong import` and `xinyong verify` on PostgreSQL (the suite is shared with the other database's file).
import { importVerifySuite } from './import-verify.suite.js';

importVerifySuite('postgres');
