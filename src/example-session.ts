/** What GraphiQL shows first: the README's example session, ready to run step by step. */
export const exampleSession = `# Welcome! Run these one at a time (pick the operation with the ▶ button).
# 1. Sign up two users; copy alice's token into Headers as {"Authorization": "Bearer <token>"}.
mutation SignUpAlice { signUp(username: "alice", password: "wonderland") { token user { id } } }
mutation SignUpBob { signUp(username: "bob", password: "builder123") { token user { id } } }

# 2. As alice, send bob a message (paste bob's id).
mutation Send { send(input: { toUserId: "BOB_ID", body: "Hi Bob!" }) { id conversation { id } } }

# 3. As bob: conversations with unread counts, then history, then mark read.
query Inbox { conversations(first: 10) { edges { node { id unreadCount lastMessage { body } } } } }
query History { messages(conversationId: "CONVERSATION_ID", last: 20) { edges { node { body sender { username } } } } }
mutation Read { markRead(conversationId: "CONVERSATION_ID") { unreadCount } }

# 4. Live: your inbox as it happens (over SSE here, graphql-ws for apps).
subscription Live { inbox { cursor ... on MessageEvent { message { body sender { username } } } } }
`;
