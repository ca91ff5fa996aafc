/** The run's users, signed up through the API (a few at a time: sign-up hashes a password). */
import { randomBytes } from 'node:crypto';
import { postGraphql } from './graphql-http.ts';
import type { Party } from './sender.ts';

const SIGN_UP = `mutation SignUp($username: String!, $password: String!) {
  signUp(username: $username, password: $password) { token user { id } }
}`;
const CONCURRENCY = 4;

export async function signUpParties(instances: string[], count: number): Promise<Party[]> {
  const run = randomBytes(3).toString('hex');
  const parties: Party[] = [];
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < count; index = next++) {
      const outcome = await postGraphql<{ signUp: { token: string; user: { id: string } } }>(
        instances[index % instances.length] as string,
        SIGN_UP,
        { username: `chaos_${run}_${index}`, password: 'chaos-password' },
        null,
        30_000,
      );
      if (outcome.kind !== 'data') throw new Error(`sign-up ${index}: ${JSON.stringify(outcome)}`);
      parties[index] = {
        index,
        userId: outcome.data.signUp.user.id,
        token: outcome.data.signUp.token,
      };
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return parties;
}
