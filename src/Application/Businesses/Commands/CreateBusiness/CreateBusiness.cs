using Mediator;
using Recordings.Application.Common.Exceptions;
using Recordings.Application.Common.Interfaces;
using Recordings.Domain.Businesses;

namespace Recordings.Application.Businesses.Commands.CreateBusiness;

public sealed record CreateBusinessCommand(string? Name, IReadOnlyList<string>? PhoneNumbers) : ICommand<BusinessDto>;

public sealed record BusinessDto(Guid Id, string Name, IReadOnlyList<string> PhoneNumbers);

public sealed class CreateBusinessCommandHandler(IBusinessRepository businesses, TimeProvider time)
    : ICommandHandler<CreateBusinessCommand, BusinessDto>
{
    public async ValueTask<BusinessDto> Handle(CreateBusinessCommand command, CancellationToken cancellationToken)
    {
        var numbers = command.PhoneNumbers!.Select(PhoneNumber.Parse).ToList();
        var taken = await businesses.FindTakenNumbersAsync(numbers.ConvertAll(n => n.Value), cancellationToken);
        if (taken.Count > 0)
        {
            throw new ConflictException("phone_number_taken", $"{string.Join(", ", taken)} already belongs to a business.");
        }

        var business = Business.Create(command.Name!, numbers, time.GetUtcNow());
        await businesses.AddAsync(business, cancellationToken);
        return new BusinessDto(business.Id, business.Name, business.PhoneNumbers.Select(p => p.Number).ToList());
    }
}
