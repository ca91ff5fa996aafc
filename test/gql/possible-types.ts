
      export type PossibleTypesResultData = {
  "possibleTypes": {
    "InboxEvent": [
      "BroadcastEvent",
      "DeliveredEvent",
      "MembershipEvent",
      "MessageDeletedEvent",
      "MessageEditedEvent",
      "MessageEvent",
      "ReadEvent",
      "ResyncEvent",
      "RoomDeletedEvent",
      "SystemCommandEvent"
    ],
    "Node": [
      "Conversation",
      "Message",
      "User"
    ]
  }
};
      const result: PossibleTypesResultData = {
  "possibleTypes": {
    "InboxEvent": [
      "BroadcastEvent",
      "DeliveredEvent",
      "MembershipEvent",
      "MessageDeletedEvent",
      "MessageEditedEvent",
      "MessageEvent",
      "ReadEvent",
      "ResyncEvent",
      "RoomDeletedEvent",
      "SystemCommandEvent"
    ],
    "Node": [
      "Conversation",
      "Message",
      "User"
    ]
  }
};
      export default result;
    