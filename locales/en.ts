/** English message catalogue. Every user-visible sentence of the bot lives here or in cs.ts. */
export const en = {
  welcome:
    'Hello, I am the virtual assistant of Atradius customer service. I can answer questions about your credit insurance — claims, overdue invoices, credit limits, complaints, your policy and our online services — and I always show where the answer comes from. Type "help" at any time to see what I can do.',
  help:
    'Here is what I can do:\n- answer questions about reporting a claim, notifying overdue invoices, credit limits, complaints and appeals, your policy and renewal, our invoices, and the Atrium and Insights portals;\n- tell you how to reach your customer-service manager or our head office.\nJust write your question in Czech or English.',
  emptyMessage: 'I did not receive any text. Please write your question.',
  messageTooLong: 'Your message is too long for me ({length} characters; the limit is {limit}). Please shorten it to the question itself.',
  unsupportedActivity: 'I can only read text messages at the moment.',
  dontKnow:
    'I am sorry, I could not find a reliable answer to that in our documents, and I do not want to guess. Your customer-service manager can help: just write "I want to talk to a person" and I will tell you how to reach them.',
  outOfScope:
    'I can only help with questions about your credit insurance with Atradius — claims, overdue invoices, credit limits, complaints, your policy and our online services. Is there something in that area I can do for you?',
  sourcesLabel: 'Source',
  turnError: 'I am sorry, something went wrong on my side. Please try again in a moment; nothing you wrote has been lost.',
} as const;

export type MessageKey = keyof typeof en;
