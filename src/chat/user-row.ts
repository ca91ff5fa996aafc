import { getTableColumns } from 'drizzle-orm';
import { users } from '../db/tables.js';

/**
 * A user as the rest of the server sees them: every column but the password hash. The hash
 * is read only where a password is checked or set (logIn in users.ts, changePassword in
 * accounts.ts), so no resolver, loader, log line or error can carry what it never gets.
 */
export type UserRow = Omit<typeof users.$inferSelect, 'passwordHash'>;

/** The columns of a UserRow, for `select(userColumns)` and `returning(userColumns)`. */
export const userColumns = (({ passwordHash: _hash, ...rest }) => rest)(getTableColumns(users));
