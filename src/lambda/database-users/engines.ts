import type { Engine } from './names';
import { mysqlUsers } from './mysql-users';
import { postgresUsers } from './postgres-users';
import type { UserEngine } from './user-engine';

/** The user SQL for a cluster's engine. */
export function userEngine(engine: Engine): UserEngine {
  return engine === 'mysql' ? mysqlUsers : postgresUsers;
}
