// Lists every type, field and argument of the contract that the schema lacks or reshapes.
import { readFileSync } from 'node:fs';
import {
  buildSchema,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
} from 'graphql';
import { schema } from '../src/schema/index.js';

export function contractViolations(): string[] {
  const contract = buildSchema(
    readFileSync(new URL('../test/fixtures/contract.graphql', import.meta.url), 'utf8'),
  );
  const problems: string[] = [];
  for (const expected of Object.values(contract.getTypeMap())) {
    if (expected.name.startsWith('__')) continue;
    const actual = schema.getType(expected.name);
    if (!actual) {
      problems.push(`missing type ${expected.name}`);
      continue;
    }
    compareType(expected, actual, problems);
  }
  return problems;
}

function compareType(expected: GraphQLNamedType, actual: GraphQLNamedType, problems: string[]) {
  if (expected.constructor !== actual.constructor) {
    problems.push(`${expected.name} is a different kind of type`);
    return;
  }
  if (isEnumType(expected) && isEnumType(actual)) {
    for (const v of expected.getValues()) {
      if (!actual.getValue(v.name)) problems.push(`enum ${expected.name} lacks ${v.name}`);
    }
  }
  if (
    (isObjectType(expected) || isInterfaceType(expected)) &&
    (isObjectType(actual) || isInterfaceType(actual))
  ) {
    for (const i of expected.getInterfaces()) {
      if (!actual.getInterfaces().some((a) => a.name === i.name))
        problems.push(`${expected.name} does not implement ${i.name}`);
    }
    compareFields(expected.name, expected.getFields(), actual.getFields(), problems);
  }
  if (isInputObjectType(expected) && isInputObjectType(actual)) {
    compareFields(expected.name, expected.getFields(), actual.getFields(), problems);
  }
}

type AnyField = GraphQLField<unknown, unknown> | GraphQLInputField;

function compareFields(
  typeName: string,
  expected: Record<string, AnyField>,
  actual: Record<string, AnyField>,
  problems: string[],
) {
  for (const [name, field] of Object.entries(expected)) {
    const mine = actual[name];
    if (!mine) {
      problems.push(`${typeName}.${name} is missing`);
      continue;
    }
    if (String(mine.type) !== String(field.type)) {
      problems.push(`${typeName}.${name} is ${mine.type}, the contract says ${field.type}`);
    }
    if ('args' in field && 'args' in mine) {
      for (const arg of field.args) {
        const myArg = mine.args.find((a) => a.name === arg.name);
        if (!myArg) problems.push(`${typeName}.${name}(${arg.name}) is missing`);
        else if (String(myArg.type) !== String(arg.type)) {
          problems.push(
            `${typeName}.${name}(${arg.name}) is ${myArg.type}, the contract says ${arg.type}`,
          );
        } else if (
          arg.defaultValue !== undefined &&
          JSON.stringify(myArg.defaultValue) !== JSON.stringify(arg.defaultValue)
        ) {
          problems.push(
            `${typeName}.${name}(${arg.name}) defaults to ${myArg.defaultValue}, not ${arg.defaultValue}`,
          );
        }
      }
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const problems = contractViolations();
  console.log(problems.length ? problems.join('\n') : 'schema satisfies the contract');
  process.exit(problems.length ? 1 : 0);
}
