/**
 * What GraphiQL shows first: the README's walkthrough ("Try it in GraphiQL"), the same
 * operations in the same order, each named so GraphiQL runs it on its own (test/graphiql.test.ts
 * holds the two to each other and runs the walkthrough).
 */
export const exampleSession = `# Welcome! Run these one at a time: put the cursor in one and press ▶ (or Ctrl-Enter).
# Alice sends Bob three messages, Bob sees three unread, pages the history, marks it read.

# 1. Sign up both (no token needed).
mutation SignUpAlice { signUp(username: "alice", password: "wonderland") { token user { id } } }

mutation SignUpBob { signUp(username: "bob", password: "builder123") { token user { id } } }

# 2. Headers tab: {"Authorization": "Bearer <alice's token>"}. Send Bob three messages (his id).
mutation SendThree {
  a: send(input: { toUserId: "BOB_ID", body: "Hi Bob!" }) { id conversation { id } }
  b: send(input: { toUserId: "BOB_ID", body: "Are you there?" }) { id }
  c: send(input: { toUserId: "BOB_ID", body: "Call me" }) { id }
}

# 3. Headers: Bob's token. The conversation with Alice has unreadCount 3.
query Conversations {
  conversations(first: 10) { edges { node { id kind unreadCount lastMessage { body } } } }
  unreadCounts { total }
}

# 4. The history, newest two first, then the one before them (paste startCursor).
query LatestTwo {
  messages(conversationId: "CONVERSATION_ID", last: 2) {
    edges { node { body sender { username } } }
    pageInfo { hasPreviousPage startCursor }
  }
}

query TheOneBefore {
  messages(conversationId: "CONVERSATION_ID", last: 2, before: "START_CURSOR") {
    edges { node { body } }
  }
}

# 5. Mark it read: the count is 0.
mutation MarkRead { markRead(conversationId: "CONVERSATION_ID") { unreadCount } }

# 6. Live (over SSE here; apps use graphql-ws): send Bob another message as Alice to see it.
subscription Live { inbox { cursor ... on MessageEvent { message { body } } } }
`;
