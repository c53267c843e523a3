using FluentValidation.TestHelper;
using Recordings.Application.Calls.Queries.ListCalls;

namespace Recordings.Application.UnitTests.Calls;

public sealed class ListCallsQueryValidatorTests
{
    private readonly ListCallsQueryValidator _validator = new();

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 25)]
    [InlineData(7, 100)]
    public void AcceptsPagesInRange(int page, int pageSize)
    {
        _validator.TestValidate(new ListCallsQuery(page, pageSize, Q: "555")).ShouldNotHaveAnyValidationErrors();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void RejectsAPageBelowOne(int page)
    {
        _validator.TestValidate(new ListCallsQuery(page)).ShouldHaveValidationErrorFor(q => q.Page);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void RejectsAPageSizeOutOfRange(int pageSize)
    {
        _validator.TestValidate(new ListCallsQuery(1, pageSize)).ShouldHaveValidationErrorFor(q => q.PageSize);
    }

    [Fact]
    public void RejectsAnOverlongSearch()
    {
        _validator.TestValidate(new ListCallsQuery(Q: new string('5', ListCallsQuery.MaxQueryLength + 1))).ShouldHaveValidationErrorFor(q => q.Q);
    }
}
