import type { ASTVisitor, ValidationContext } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { textProblem } from '../chat/validation.js';

const refused = (message: string) =>
  createGraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

/** Every string literal of a document: checked once per document (yoga caches validation). */
function textLiteralsRule(context: ValidationContext): ASTVisitor {
  return {
    StringValue(node) {
      const problem = textProblem(node.value);
      if (!problem) return;
      context.reportError(
        createGraphQLError(`A string in the document ${problem}`, {
          nodes: [node],
          extensions: { code: 'BAD_USER_INPUT' },
        }),
      );
    },
  };
}

/**
 * The first variable that holds an unacceptable string at any depth (input objects, lists),
 * with the reason. Walked with a stack, not recursion: JSON nests as deep as the body allows.
 */
function refusedVariable(variables: Readonly<Record<string, unknown>> | null | undefined) {
  if (!variables) return null;
  for (const [name, value] of Object.entries(variables)) {
    const stack: unknown[] = [value];
    while (stack.length > 0) {
      const item = stack.pop();
      if (typeof item === 'string') {
        const problem = textProblem(item);
        if (problem) return { name, problem };
      } else if (Array.isArray(item)) {
        for (const element of item) stack.push(element);
      } else if (item !== null && typeof item === 'object') {
        for (const field of Object.values(item)) stack.push(field);
      }
    }
  }
  return null;
}

/**
 * One check for every string a client sends (literals and variables, whatever the argument
 * or input field: names, titles, bodies, searches, cursors, ids): longer than TEXT_INPUT_MAX,
 * a NUL, or a lone surrogate is BAD_USER_INPUT before any resolver reads it. PostgreSQL
 * refuses a NUL in text (an internal error after the fact) and UTF-8 has no lone surrogate
 * (the drivers would store U+FFFD instead). HTTP and WebSocket operations both run it: both
 * execute through yoga's envelop.
 */
export function useTextInputs(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(textLiteralsRule);
    },
    onExecute({ args, setResultAndStopExecution }) {
      const refusal = refusedVariable(args.variableValues);
      if (refusal) {
        setResultAndStopExecution({
          errors: [refused(`Variable "$${refusal.name}" ${refusal.problem}`)],
        });
      }
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const refusal = refusedVariable(args.variableValues);
      if (refusal) {
        setResultAndStopExecution({
          errors: [refused(`Variable "$${refusal.name}" ${refusal.problem}`)],
        });
      }
    },
  };
}
