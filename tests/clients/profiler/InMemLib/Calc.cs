// SPDX-License-Identifier: MIT
// Known lines for the in-memory symbols test: expected.txt quotes the source text of every
// sequence point. Edit this file and expected.txt together.
namespace InMemLib
{
    public static class Calc
    {
        public static int Add(int a, int b) => a + b;

        public static int SumTo(int n)
        {
            int sum = 0;
            for (int i = 1; i <= n; i++)
                sum += i;
            return sum;
        }

        public static string Describe(int value)
        {
            if (value < 0)
                return "negative";
            return value == 0 ? "zero" : "positive";
        }
    }
}
