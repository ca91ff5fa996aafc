// The operations every client suite runs, as text: each library wraps them its own way
// (Apollo's gql, urql's gql, plain strings for graphql-ws). The codegen suite has its own
// copies inside graphql() calls, where the client preset can find them.

export const SIGN_UP = `
  mutation ClientSignUp($username: String!, $password: String!) {
    signUp(username: $username, password: $password) { token user { id username } }
  }
`;

export const LOG_IN = `
  mutation ClientLogIn($username: String!, $password: String!) {
    logIn(username: $username, password: $password) { token user { id username } }
  }
`;

export const SEND = `
  mutation ClientSend($toUserId: ID!, $body: String!) {
    send(input: { toUserId: $toUserId, body: $body }) {
      id body sender { id username } conversation { id kind }
    }
  }
`;

export const ME = `
  query ClientMe { me { id username } }
`;

export const INBOX = `
  subscription ClientInbox($after: String) {
    inbox(after: $after) {
      cursor
      ... on MessageEvent {
        message { id body sender { id username } conversation { id } }
      }
    }
  }
`;
